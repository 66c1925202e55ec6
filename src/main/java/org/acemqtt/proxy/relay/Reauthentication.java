package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.vertx.core.Future;
import java.util.logging.Logger;
import org.acemqtt.proxy.auth.AuthStep;
import org.acemqtt.proxy.auth.ConnectAuthenticator;

/**
 * Re-authentication on a live connection (RFC 9431 §4, MQTT v5 §4.12.1): AUTH 0x19 with a new token, always answered
 * by challenge/response (the exporter value of the session is already spent), then AUTH 0x00. The new grant replaces
 * the old one at once for every later packet and delivery; traffic keeps flowing under the old grant meanwhile.
 * Failure, or a re-authentication on a connection that never proved possession, ends it with DISCONNECT 0x87.
 */
final class Reauthentication {
    private static final Logger LOG = Logger.getLogger(Reauthentication.class.getName());
    private final ConnectionRelay relay;
    private AuthStep.Challenged open;
    /** A new token is being verified (introspected): no other AUTH is expected meanwhile. */
    private boolean verifying;

    Reauthentication(ConnectionRelay relay) {
        this.relay = relay;
    }

    void onAuth(MqttMessage auth) {
        if (!relay.aceMethod || !ConnectAuthenticator.ACE_METHOD.equals(AuthPackets.method(auth))) {
            // [MQTT-4.12.0-7]: no AUTH without an Authentication Method at CONNECT; [MQTT-4.12.1-1]: the same method.
            relay.close(DisconnectCause.PROTOCOL_ERROR);
            return;
        }
        int reason = AuthPackets.reasonCode(auth);
        if (reason == AuthPackets.REAUTHENTICATE && open == null && !verifying) {
            if (!relay.grant.reauthenticable()) {
                fail("no_prior_proof");
                return;
            }
            Future<AuthStep> step = relay.context.authenticator.get().onReauthentication(AuthPackets.data(auth));
            if (step.isComplete()) {
                step(resultOf(step));
            } else {
                verifying = true;
                step.onComplete(done -> relay.client.eventLoop().execute(() -> {
                    verifying = false;
                    if (relay.isEstablished()) {
                        step(resultOf(step));
                        relay.flushClient();
                    }
                }));
            }
        } else if (reason == AuthPackets.CONTINUE && open != null) {
            AuthStep.Challenged challenge = open;
            open = null;
            step(relay.context.authenticator.get().onChallengeResponse(challenge, AuthPackets.data(auth), true));
        } else {
            relay.close(DisconnectCause.PROTOCOL_ERROR);
        }
    }

    private void step(AuthStep step) {
        if (step instanceof AuthStep.Challenged challenged) {
            open = challenged;
            relay.writeToClient(AuthPackets.auth(AuthPackets.CONTINUE, challenged.challenge().serverNonce()));
        } else if (step instanceof AuthStep.Granted granted) {
            relay.replaceGrant(granted.grant());
            relay.context.metrics.auth("reauth", "success", "none").increment();
            LOG.info(() -> "client=" + relay.clientId + " re-authenticated" + (granted.grant().subject().isEmpty() ? ""
                    : " sub=" + granted.grant().subject()) + "; new scope " + granted.grant().scope());
            relay.writeToClient(AuthPackets.auth(AuthPackets.SUCCESS, null));
        } else {
            fail(((AuthStep.Refused) step).detail());
        }
    }

    private static AuthStep resultOf(Future<AuthStep> step) {
        return step.succeeded() ? step.result()
                : new AuthStep.Refused(org.acemqtt.proxy.auth.DenyReason.TOKEN_INVALID, "reauth", "introspection_unavailable");
    }

    private void fail(String detail) {
        relay.context.metrics.auth("reauth", "failure", detail).increment();
        LOG.info(() -> "re-authentication of client=" + relay.clientId + " failed: " + detail);
        relay.close(DisconnectCause.NOT_AUTHORIZED);
    }
}

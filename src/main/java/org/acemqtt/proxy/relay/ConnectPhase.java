package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import java.util.logging.Logger;
import org.acemqtt.proxy.auth.AuthStep;
import org.acemqtt.proxy.auth.ConnectAuthenticator;
import org.acemqtt.proxy.auth.DenyReason;
import org.acemqtt.proxy.auth.Grant;
import org.acemqtt.proxy.scope.TopicSyntax;
import org.acemqtt.proxy.tls.TlsSessionInfo;

/**
 * The connect phase up to the grant: protocol level, authentication (possibly a challenge/response exchange of AUTH
 * packets, RFC 9431 §2.2.4.2.2), then the Will (§2.2.4.1: a Will outside the scope refuses the connection).
 * Only AUTH and DISCONNECT are processed while a challenge is open.
 */
final class ConnectPhase {
    private static final Logger LOG = Logger.getLogger(ConnectPhase.class.getName());
    private final ConnectionRelay relay;
    private MqttConnectMessage connect;
    private AuthStep.Challenged challenge;

    ConnectPhase(ConnectionRelay relay) {
        this.relay = relay;
    }

    /** Returns the grant to connect upstream with, or null when the CONNECT was refused or a challenge is open. */
    Grant onConnect(MqttConnectMessage msg) {
        connect = msg;
        int version = msg.variableHeader().version();
        if (version != 4 && version != 5) {
            // RFC 9431 §6 covers v5.0 and v3.1.1 only.
            relay.refuse(DenyReason.UNSUPPORTED_PROTOCOL_VERSION);
            return null;
        }
        TlsSessionInfo tls = relay.client.attr(TlsSessionInfo.ATTRIBUTE).get();
        return onStep(relay.context.authenticator.get().onConnect(msg, tls));
    }

    /**
     * A step that may still be verifying (a reference token being introspected): if done, taken at once; otherwise
     * the relay waits in VERIFYING, holding the client's packets, and continues on its own event loop.
     */
    private Grant onStep(Future<AuthStep> step) {
        if (step.isComplete()) {
            return onStep(resultOf(step));
        }
        relay.state = ConnectionRelay.State.VERIFYING;
        step.onComplete(done -> relay.client.eventLoop().execute(() -> {
            if (relay.state == ConnectionRelay.State.VERIFYING) {
                Grant grant = onStep(resultOf(step));
                if (grant != null) {
                    relay.connectUpstream(grant);
                } else if (relay.state == ConnectionRelay.State.AUTHENTICATING) {
                    relay.client.read(); // the client's answer to the challenge just sent
                }
            }
        }));
        return null;
    }

    private static AuthStep resultOf(Future<AuthStep> step) {
        return step.succeeded() ? step.result()
                : new AuthStep.Refused(DenyReason.TOKEN_INVALID, "introspection", "introspection_unavailable");
    }

    boolean usedAceMethod() {
        return connect != null && ConnectAuthenticator.ACE_METHOD.equals(authenticationMethod(connect));
    }

    /** A client packet while the challenge is open: its AUTH answer, DISCONNECT, or anything else (refused). */
    Grant onChallengePacket(MqttMessage msg) {
        MqttMessageType type = msg.fixedHeader().messageType();
        if (type == MqttMessageType.DISCONNECT) {
            relay.close(DisconnectCause.CLIENT);
            return null;
        }
        AuthStep.Challenged open = challenge;
        challenge = null;
        if (type != MqttMessageType.AUTH || !isContinue(msg)) {
            ReferenceCountUtil.release(msg);
            return onStep(Future.succeededFuture(new AuthStep.Refused(DenyReason.CHALLENGE_FAILED, open.method(),
                    DenyReason.CHALLENGE_FAILED.metricTag())));
        }
        return onStep(Future.succeededFuture(relay.context.authenticator.get().onChallengeResponse(open, AuthPackets.data(msg), false)));
    }

    /** The connect deadline passed while the client still owed its answer, or its token was still being verified. */
    void onTimeout() {
        String method = challenge != null ? challenge.method() : "introspection";
        challenge = null;
        onStep(new AuthStep.Refused(DenyReason.CHALLENGE_FAILED, method, "timeout"));
    }

    boolean challengeOpen() {
        return challenge != null;
    }

    private Grant onStep(AuthStep step) {
        if (step instanceof AuthStep.Challenged challenged) {
            challenge = challenged;
            relay.state = ConnectionRelay.State.AUTHENTICATING;
            relay.writeAndFlushToClient(AuthPackets.auth(AuthPackets.CONTINUE, challenged.challenge().serverNonce()));
            return null;
        }
        if (step instanceof AuthStep.Refused refused) {
            relay.context.metrics.auth(refused.method(), "failure", refused.detail()).increment();
            LOG.info(() -> "authentication of client=" + relay.clientId + " failed: method=" + refused.method()
                    + " reason=" + refused.detail());
            relay.refuse(refused.reason());
            return null;
        }
        Grant grant = ((AuthStep.Granted) step).grant();
        if (connect.variableHeader().isWillFlag()) {
            String willTopic = connect.payload().willTopic();
            if (!TopicSyntax.isValidTopicName(willTopic) || !grant.scope().mayPublish(willTopic)) {
                relay.context.metrics.denied("will", DenyReason.WILL_NOT_IN_SCOPE.metricTag()).increment();
                relay.refuse(DenyReason.WILL_NOT_IN_SCOPE);
                return null;
            }
        }
        relay.context.metrics.auth(grant.method(), "success", "none").increment();
        return grant;
    }

    /** The client's Maximum Packet Size from CONNECT, 0 if none (MQTT v5 §3.1.2.11.4). */
    int clientMaximumPacketSize() {
        MqttProperties.MqttProperty<?> max = connect == null ? null
                : connect.variableHeader().properties().getProperty(MqttProperties.MAXIMUM_PACKET_SIZE);
        return max == null ? 0 : (Integer) max.value();
    }

    MqttConnectMessage connect() {
        return connect;
    }

    void forgetConnect() {
        connect = null;
    }

    private static boolean isContinue(MqttMessage msg) {
        return msg.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header
                && (header.reasonCode() & 0xFF) == AuthPackets.CONTINUE
                && ConnectAuthenticator.ACE_METHOD.equals(AuthPackets.method(msg));
    }

    private static String authenticationMethod(MqttConnectMessage connect) {
        MqttProperties.MqttProperty<?> method = connect.variableHeader().properties().getProperty(MqttProperties.AUTHENTICATION_METHOD);
        return method == null ? null : (String) method.value();
    }
}

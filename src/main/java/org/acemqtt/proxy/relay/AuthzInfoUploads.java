package org.acemqtt.proxy.relay;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;
import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.TokenVerifierConfig;
import org.acemqtt.proxy.token.VerificationResult;
import org.acemqtt.proxy.token.store.TokenStore;

/**
 * Token uploads to {@code authz-info} (RFC 9431 §2.2.2, RFC 9200 §5.10.1): the token is verified and stored by PoP key
 * for later TLS-PSK/raw-public-key connections, and never forwarded (so never retained, never delivered). The answer
 * depends on the QoS: PUBACK/PUBREC 0x00, 0x87 (not valid) or 0x99 (not a token); at QoS 0 only failures are
 * reported, with DISCONNECT. v3.1.1 cannot report a result: it is acknowledged either way. Submissions are
 * rate-limited per connection and per source address. Confined to the connection's event loop.
 */
final class AuthzInfoUploads {
    private static final Logger LOG = Logger.getLogger(AuthzInfoUploads.class.getName());
    static final int PAYLOAD_FORMAT_INVALID = 0x99;
    static final int QUOTA_EXCEEDED = 0x97;
    private final ConnectionRelay relay;
    /**
     * QoS 2 uploads the proxy answered with PUBREC: their PUBREL is completed here, not by the broker. Created by the
     * first such upload (most connections never make one, and an idle connection must stay small: issue 7).
     */
    private Set<Integer> ownQos2;
    private final UploadRateLimiter.Window connectionWindow = new UploadRateLimiter.Window();

    AuthzInfoUploads(ConnectionRelay relay) {
        this.relay = relay;
    }

    void onPublish(MqttPublishMessage publish) {
        int qos = publish.fixedHeader().qosLevel().value();
        int packetId = publish.variableHeader().packetId();
        if (publish.payload().readableBytes() > TokenVerifierConfig.DEFAULT_MAX_TOKEN_BYTES) {
            // Not a token (RFC 9200 §5.10.1: 4.00): refused before copying a payload of up to limits.maxPacketSize.
            publish.release();
            relay.context.metrics.auth("authz_info", "failure", TokenDenyReason.TOO_LARGE.metricTag()).increment();
            answer(qos, packetId, PAYLOAD_FORMAT_INVALID);
            return;
        }
        byte[] token = ByteBufUtil.getBytes(publish.payload());
        publish.release();
        Future<Integer> code = verifyAndStore(token);
        if (code.isComplete()) {
            answer(qos, packetId, code.result());
        } else {
            // A reference token being introspected: answer when the AS has.
            code.onComplete(done -> relay.client.eventLoop().execute(() -> {
                if (relay.isEstablished()) {
                    answer(qos, packetId, done.succeeded() ? done.result() : relay.context.notAuthorizedCode());
                    relay.flushClient();
                }
            }));
        }
    }

    private void answer(int qos, int packetId, int code) {
        if (relay.version != 5) {
            acknowledge(qos, packetId, 0);
        } else if (qos == 0) {
            if (code != 0) {
                relay.close(code == PAYLOAD_FORMAT_INVALID ? DisconnectCause.PAYLOAD_FORMAT_INVALID
                        : code == QUOTA_EXCEEDED ? DisconnectCause.QUOTA_EXCEEDED : DisconnectCause.NOT_AUTHORIZED);
            }
        } else {
            acknowledge(qos, packetId, code);
        }
    }

    private Future<Integer> verifyAndStore(byte[] token) {
        if (!connectionWindow.tryAcquire(UploadRateLimiter.PER_CONNECTION)
                || !relay.context.uploadLimiter.tryAcquire(relay.client.remoteAddress())) {
            relay.context.metrics.auth("authz_info", "failure", "rate_limited").increment();
            return Future.succeededFuture(QUOTA_EXCEEDED);
        }
        return relay.context.authenticator.get().tokens().verifyAny(token).map(this::store);
    }

    private int store(VerificationResult result) {
        if (!result.isSuccess()) {
            relay.context.metrics.auth("authz_info", "failure", result.reason().metricTag()).increment();
            LOG.info(() -> "authz-info upload by client=" + relay.clientId + " refused: " + result.reason().logMessage());
            boolean notAToken = result.reason() == TokenDenyReason.MALFORMED_CBOR || result.reason() == TokenDenyReason.TOO_LARGE;
            return notAToken ? PAYLOAD_FORMAT_INVALID : relay.context.notAuthorizedCode();
        }
        TokenStore.Outcome outcome = relay.context.authenticator.get().tokens().store().put(result.token());
        if (outcome == TokenStore.Outcome.OLDER_THAN_HELD || outcome == TokenStore.Outcome.NOT_STORABLE) {
            relay.context.metrics.auth("authz_info", "failure", outcome.name().toLowerCase(java.util.Locale.ROOT)).increment();
            return relay.context.notAuthorizedCode();
        }
        relay.context.metrics.auth("authz_info", "success", "none").increment();
        relay.context.registry.supersede(result.token());
        LOG.info(() -> "authz-info: stored a token" + result.token().subject().map(s -> " sub=" + s).orElse("")
                + " from client=" + relay.clientId + " (" + outcome + ")");
        return 0;
    }

    private void acknowledge(int qos, int packetId, int code) {
        if (qos == 1) {
            relay.writeToClient(MqttPackets.pubReply(MqttMessageType.PUBACK, packetId, code));
        } else if (qos == 2) {
            if (code < 0x80) {
                if (ownQos2 == null) {
                    ownQos2 = new HashSet<>();
                }
                ownQos2.add(packetId);
            }
            relay.writeToClient(MqttPackets.pubReply(MqttMessageType.PUBREC, packetId, code));
        }
    }

    /** Completes a PUBREL of an upload this proxy answered; false if the PUBREL belongs to the broker. */
    boolean onPubrel(int packetId) {
        if (ownQos2 == null || !ownQos2.remove(packetId)) {
            return false;
        }
        relay.writeToClient(MqttPackets.pubReply(MqttMessageType.PUBCOMP, packetId, 0));
        return true;
    }
}

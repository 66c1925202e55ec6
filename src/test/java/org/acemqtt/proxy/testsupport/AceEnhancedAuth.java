package org.acemqtt.proxy.testsupport;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * RFC 9431 challenge/response as the HiveMQ MQTT client's enhanced authentication: CONNECT (and AUTH 0x19) carry
 * {@code TokenLen | Token}, each AUTH 0x18 challenge is answered with a fresh 8-byte client nonce and the PoP signature
 * over RS nonce || client nonce. {@link #nextToken(byte[])} sets the token the next re-authentication sends.
 */
public final class AceEnhancedAuth implements Mqtt5EnhancedAuthMechanism {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final AceClientKeys keys;
    private final AtomicReference<byte[]> token;
    public final AtomicReference<String> lastOutcome = new AtomicReference<>("none");

    public AceEnhancedAuth(AceClientKeys keys, byte[] token) {
        this.keys = keys;
        this.token = new AtomicReference<>(token);
    }

    public void nextToken(byte[] next) {
        token.set(next);
    }

    @Override
    public MqttUtf8String getMethod() {
        return MqttUtf8String.of("ace");
    }

    @Override
    public int getTimeout() {
        return 10;
    }

    @Override
    public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect, Mqtt5EnhancedAuthBuilder auth) {
        auth.data(AceClientKeys.authenticationData(token.get(), null));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder auth) {
        auth.data(AceClientKeys.authenticationData(token.get(), null));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth challenge, Mqtt5AuthBuilder auth) {
        ByteBuffer data = challenge.getData().orElse(ByteBuffer.allocate(0));
        byte[] rsNonce = new byte[data.remaining()];
        data.get(rsNonce);
        if (rsNonce.length != 8) {
            return CompletableFuture.completedFuture(false);
        }
        byte[] clientNonce = new byte[8];
        RANDOM.nextBytes(clientNonce);
        byte[] signed = new byte[16];
        System.arraycopy(rsNonce, 0, signed, 0, 8);
        System.arraycopy(clientNonce, 0, signed, 8, 8);
        byte[] signature = keys.sign(signed);
        byte[] answer = new byte[8 + signature.length];
        System.arraycopy(clientNonce, 0, answer, 0, 8);
        System.arraycopy(signature, 0, answer, 8, signature.length);
        auth.data(answer);
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
        lastOutcome.set("auth-success");
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
        lastOutcome.set("reauth-success");
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
        lastOutcome.set("auth-rejected " + connAck.getReasonCode());
    }

    @Override
    public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
        lastOutcome.set("reauth-rejected " + disconnect.getReasonCode());
    }

    @Override
    public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
        lastOutcome.set("auth-error " + cause);
    }

    @Override
    public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
        lastOutcome.set("reauth-error " + cause);
    }
}

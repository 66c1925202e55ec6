package org.acemqtt.proxy.auth;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.vertx.core.Future;
import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.Optional;
import org.acemqtt.proxy.pop.AuthenticationData;
import org.acemqtt.proxy.pop.Challenge;
import org.acemqtt.proxy.scope.AifScope;
import org.acemqtt.proxy.tls.PeerIdentity;
import org.acemqtt.proxy.tls.TlsSessionInfo;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.VerificationResult;

/**
 * Decides at CONNECT what grant a client gets, for every client authentication option of RFC 9431 §2.2.1:
 * MQTT v5 Authentication Method "ace" with the TLS-exporter proof (§2.2.4.2.1) or challenge/response (§2.2.4.2.2),
 * v3.1.1 User Name/Password (§6), a TLS-PSK or raw-public-key handshake bound to a stored token (§2.2.3), and, for
 * clients with no credentials at all, the anonymous scope (public topics; {@code authz-info} is always open to them).
 * Cheap checks run before expensive ones. Immutable and thread-safe; replaced as a whole on reload.
 */
public final class ConnectAuthenticator {
    /** RFC 9431 §2.2.4.2: the only Authentication Method of the profile. */
    public static final String ACE_METHOD = "ace";

    private final TokenAuthority tokens;
    private final AifScope anonymousScope;

    /** @param anonymousScope the configured public topics; empty means only {@code authz-info} (CONTRACT.md) */
    public ConnectAuthenticator(TokenAuthority tokens, Optional<AifScope> anonymousScope) {
        this.tokens = tokens;
        this.anonymousScope = anonymousScope.orElse(AifScope.empty());
    }

    public TokenAuthority tokens() {
        return tokens;
    }

    /** @param tls the connection's TLS session, or null on a plain listener */
    public Future<AuthStep> onConnect(MqttConnectMessage connect, TlsSessionInfo tls) {
        MqttProperties.MqttProperty<?> method = connect.variableHeader().properties()
                .getProperty(MqttProperties.AUTHENTICATION_METHOD);
        if (method != null) {
            if (!ACE_METHOD.equals(method.value())) {
                return Future.succeededFuture(new AuthStep.Refused(DenyReason.BAD_AUTHENTICATION_METHOD, "other",
                        DenyReason.BAD_AUTHENTICATION_METHOD.metricTag()));
            }
            MqttProperties.MqttProperty<?> data = connect.variableHeader().properties()
                    .getProperty(MqttProperties.AUTHENTICATION_DATA);
            return aceMethod(AuthenticationData.parse(data == null ? null : (byte[]) data.value()), tls);
        }
        if (connect.variableHeader().hasUserName() || connect.variableHeader().hasPassword()) {
            return UserNameCredentials.authenticate(connect, tls, tokens);
        }
        return Future.succeededFuture(tlsIdentity(tls).map(this::tlsGrant)
                .orElseGet(() -> new AuthStep.Granted(Grant.anonymous(anonymousScope))));
    }

    private Future<AuthStep> aceMethod(AuthenticationData data, TlsSessionInfo tls) {
        switch (data.kind()) {
            case MALFORMED:
                return Future.succeededFuture(new AuthStep.Refused(DenyReason.MALFORMED_AUTHENTICATION_DATA, "exporter",
                        DenyReason.MALFORMED_AUTHENTICATION_DATA.metricTag()));
            case NO_TOKEN:
                // §2.2.4.2.2: no token in CONNECT, but one bound to the key this client proved at TLS level.
                return Future.succeededFuture(tlsIdentity(tls).filter(t -> !t.isExpired(tokens.clock().instant()))
                        .filter(t -> !tokens.isRevoked(t))
                        .<AuthStep>map(token -> new AuthStep.Challenged(token, Challenge.create(), "challenge"))
                        .orElseGet(() -> new AuthStep.Refused(DenyReason.NO_TOKEN, "challenge", DenyReason.NO_TOKEN.metricTag())));
            case TOKEN_ONLY:
                return tokens.verifyAny(data.token()).map(result -> result.isSuccess()
                        ? new AuthStep.Challenged(result.token(), Challenge.create(), "challenge")
                        : refusedToken(result, "challenge"));
            default:
                return tokens.verifyAny(data.token()).map(result -> result.isSuccess()
                        ? exporterProof(result.token(), data.proof(), tls, "exporter", true, tokens)
                        : refusedToken(result, "exporter"));
        }
    }

    /** The client's AUTH 0x18 answer to {@code challenge} (Figure 7). */
    public AuthStep onChallengeResponse(AuthStep.Challenged challenge, byte[] authenticationData, boolean reauthentication) {
        byte[][] parts = AuthenticationData.parseChallengeResponse(authenticationData);
        String method = reauthentication ? "reauth" : challenge.method();
        if (parts == null) {
            return new AuthStep.Refused(DenyReason.MALFORMED_AUTHENTICATION_DATA, method,
                    DenyReason.MALFORMED_AUTHENTICATION_DATA.metricTag());
        }
        if (challenge.token().isExpired(tokens.clock().instant())) {
            return new AuthStep.Refused(DenyReason.TOKEN_INVALID, method, "expired");
        }
        if (!ProofCheck.verify(challenge.token(), challenge.challenge().signedInput(parts[0]), parts[1], tokens.store())) {
            return new AuthStep.Refused(DenyReason.PROOF_INVALID, method, DenyReason.PROOF_INVALID.metricTag());
        }
        return new AuthStep.Granted(Grant.fromToken(challenge.token(), method, true));
    }

    /**
     * RFC 9431 §2.2.4.2.1: the proof covers the exporter value of this very TLS session. For TLS 1.2 both RFC 5705
     * values are accepted, "empty context" (what the RFC names) and "no context" (what OpenSSL and gnutls compute
     * for {@code -keymatexport}), because clients differ; for TLS 1.3 the two are the same.
     */
    static AuthStep exporterProof(AccessToken token, byte[] proof, TlsSessionInfo tls, String method, boolean reauthenticable,
                                  TokenAuthority tokens) {
        if (tls == null) {
            return new AuthStep.Refused(DenyReason.NO_TLS_EXPORTER, method, DenyReason.NO_TLS_EXPORTER.metricTag());
        }
        boolean valid = ProofCheck.verify(token, tls.exporter(), proof, tokens.store())
                || (!tls.isTls13() && ProofCheck.verify(token, tls.exporterNoContext(), proof, tokens.store()));
        if (!valid) {
            return new AuthStep.Refused(DenyReason.PROOF_INVALID, method, DenyReason.PROOF_INVALID.metricTag());
        }
        return new AuthStep.Granted(Grant.fromToken(token, method, reauthenticable));
    }

    /** AUTH 0x19 (§4): a new token, always answered with a challenge; the exporter value is already spent. */
    public Future<AuthStep> onReauthentication(byte[] authenticationData) {
        AuthenticationData data = AuthenticationData.parse(authenticationData);
        if (data.kind() != AuthenticationData.Kind.TOKEN_ONLY) {
            return Future.succeededFuture(new AuthStep.Refused(DenyReason.MALFORMED_AUTHENTICATION_DATA, "reauth",
                    DenyReason.MALFORMED_AUTHENTICATION_DATA.metricTag()));
        }
        return tokens.verifyAny(data.token()).map(result -> result.isSuccess()
                ? new AuthStep.Challenged(result.token(), Challenge.create(), "reauth")
                : refusedToken(result, "reauth"));
    }

    static AuthStep.Refused refusedToken(VerificationResult result, String method) {
        return new AuthStep.Refused(DenyReason.TOKEN_INVALID, method, result.reason().metricTag());
    }

    /** The token a TLS-PSK or raw-public-key handshake bound to this connection (RFC 9431 §2.2.3). */
    private static Optional<AccessToken> tlsIdentity(TlsSessionInfo tls) {
        if (tls == null) {
            return Optional.empty();
        }
        Object binding = tls.peer() instanceof PeerIdentity.Psk psk ? psk.binding()
                : tls.peer() instanceof PeerIdentity.RawPublicKey rpk ? rpk.binding() : null;
        return binding instanceof AccessToken token ? Optional.of(token) : Optional.empty();
    }

    /** {@code TLS:Known(RPK/PSK),MQTT:None}: the handshake itself was the proof of possession. */
    private AuthStep tlsGrant(AccessToken token) {
        String method = token.popKey() instanceof org.acemqtt.proxy.token.PopKey.Symmetric ? "psk" : "rpk";
        if (token.isExpired(tokens.clock().instant())) {
            return new AuthStep.Refused(DenyReason.TOKEN_INVALID, method, "expired");
        }
        if (tokens.isRevoked(token)) {
            // Bound by the handshake before it was listed in the Token Revocation List.
            return new AuthStep.Refused(DenyReason.TOKEN_INVALID, method, "revoked");
        }
        return new AuthStep.Granted(Grant.fromToken(token, method, false));
    }
}

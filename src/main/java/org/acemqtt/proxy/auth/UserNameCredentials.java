package org.acemqtt.proxy.auth;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.vertx.core.Future;
import java.util.Base64;
import org.acemqtt.proxy.tls.TlsSessionInfo;

/**
 * RFC 9431 §6.1: User Name = "ace" + base64url(token) without padding, Password = MAC or signature over the TLS
 * exporter. The password is Binary Data and is only ever handled as bytes. Also accepted from v5 clients.
 */
final class UserNameCredentials {
    private static final String PREFIX = "ace";
    private static final String METHOD = "v311";

    private UserNameCredentials() {
    }

    static Future<AuthStep> authenticate(MqttConnectMessage connect, TlsSessionInfo tls, TokenAuthority tokens) {
        AuthStep early = checkShape(connect);
        if (early != null) {
            return Future.succeededFuture(early);
        }
        byte[] token = Base64.getUrlDecoder().decode(connect.payload().userName().substring(PREFIX.length()));
        byte[] password = connect.payload().passwordInBytes();
        return tokens.verifyAny(token).map(result -> result.isSuccess()
                ? ConnectAuthenticator.exporterProof(result.token(), password, tls, METHOD, false, tokens)
                : ConnectAuthenticator.refusedToken(result, METHOD));
    }

    /** A refusal for credentials of the wrong shape, or null when they are worth verifying. */
    private static AuthStep checkShape(MqttConnectMessage connect) {
        String userName = connect.payload().userName();
        byte[] password = connect.payload().passwordInBytes();
        if (userName == null || !userName.startsWith(PREFIX) || userName.length() == PREFIX.length()) {
            return new AuthStep.Refused(DenyReason.NOT_AN_ACE_CREDENTIAL, METHOD, DenyReason.NOT_AN_ACE_CREDENTIAL.metricTag());
        }
        try {
            Base64.getUrlDecoder().decode(userName.substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64url) {
            return new AuthStep.Refused(DenyReason.MALFORMED_AUTHENTICATION_DATA, METHOD,
                    DenyReason.MALFORMED_AUTHENTICATION_DATA.metricTag());
        }
        if (password == null || password.length == 0) {
            // §6.2: there is no challenge/response in v3.1.1; a token without its proof fails.
            return new AuthStep.Refused(DenyReason.PROOF_INVALID, METHOD, DenyReason.PROOF_INVALID.metricTag());
        }
        return null;
    }
}

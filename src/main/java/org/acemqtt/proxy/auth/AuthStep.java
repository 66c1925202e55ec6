package org.acemqtt.proxy.auth;

import org.acemqtt.proxy.pop.Challenge;
import org.acemqtt.proxy.token.AccessToken;

/** The outcome of one authentication step: a grant, a refusal, or a challenge the client must answer. */
public sealed interface AuthStep {

    /** The metric tag of the method ({@code ace_proxy_auth_total{method}}). */
    String method();

    record Granted(Grant grant) implements AuthStep {
        @Override
        public String method() {
            return grant.method();
        }
    }

    /**
     * @param reason what the client is told (its reason code)
     * @param detail the metric/log reason: a {@link DenyReason} or {@code TokenDenyReason} tag, never client data
     */
    record Refused(DenyReason reason, String method, String detail) implements AuthStep {
    }

    /** RFC 9431 §2.2.4.2.2: send AUTH 0x18 with {@link Challenge#serverNonce()}, then expect the client's answer. */
    record Challenged(AccessToken token, Challenge challenge, String method) implements AuthStep {
    }
}

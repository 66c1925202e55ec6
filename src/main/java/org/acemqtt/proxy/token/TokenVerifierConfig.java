package org.acemqtt.proxy.token;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a {@link TokenVerifier} (CONTRACT {@code ace.audience}, {@code ace.clockSkewSeconds}). Build with
 * {@link #builder(Set)}; the defaults are the secure ones.
 *
 * @param audiences          the {@code aud} values this proxy identifies with; a token must name one
 * @param clockSkew          tolerance applied to {@code exp} and {@code nbf} (default 5 s)
 * @param aceProfile         the accepted {@code ace_profile} integer (default 3 = mqtt_tls, SPEC 4.1)
 * @param allowUnencryptedSymmetricPopKey accept a symmetric {@code cnf} key in a token that is not encrypted
 *                           (RFC 9431 §2.1 requires encryption; default false)
 * @param requirePopKey      refuse tokens without {@code cnf} (default true: RFC 9431 tokens are PoP tokens)
 * @param requireScope       refuse tokens without {@code scope} (default true: no scope grants nothing)
 * @param requireExpiry      refuse tokens with neither {@code exp} nor {@code exi} (default false, as RFC 9200)
 * @param maxTokenBytes      larger tokens are refused before parsing (default 16 KiB)
 * @param cnonceValidator    when not {@code null}, tokens must carry a fresh {@code cnonce} (RFC 9200 §5.3.1)
 */
public record TokenVerifierConfig(Set<String> audiences, Duration clockSkew, int aceProfile,
                                  boolean allowUnencryptedSymmetricPopKey, boolean requirePopKey,
                                  boolean requireScope, boolean requireExpiry, int maxTokenBytes,
                                  CnonceValidator cnonceValidator) {
    public static final int MQTT_TLS_PROFILE = 3;
    public static final int DEFAULT_MAX_TOKEN_BYTES = 16 * 1024;

    public TokenVerifierConfig {
        audiences = Set.copyOf(audiences);
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
        if (maxTokenBytes < 16) {
            throw new IllegalArgumentException("maxTokenBytes too small");
        }
    }

    public static Builder builder(Set<String> audiences) {
        return new Builder(audiences);
    }

    /** Builder with the secure defaults. */
    public static final class Builder {
        private final Set<String> audiences;
        private Duration clockSkew = Duration.ofSeconds(5);
        private int aceProfile = MQTT_TLS_PROFILE;
        private boolean allowUnencryptedSymmetricPopKey;
        private boolean requirePopKey = true;
        private boolean requireScope = true;
        private boolean requireExpiry;
        private int maxTokenBytes = DEFAULT_MAX_TOKEN_BYTES;
        private CnonceValidator cnonceValidator;

        private Builder(Set<String> audiences) {
            this.audiences = audiences;
        }

        public Builder clockSkew(Duration v) { clockSkew = v; return this; }
        public Builder aceProfile(int v) { aceProfile = v; return this; }
        public Builder allowUnencryptedSymmetricPopKey(boolean v) { allowUnencryptedSymmetricPopKey = v; return this; }
        public Builder requirePopKey(boolean v) { requirePopKey = v; return this; }
        public Builder requireScope(boolean v) { requireScope = v; return this; }
        public Builder requireExpiry(boolean v) { requireExpiry = v; return this; }
        public Builder maxTokenBytes(int v) { maxTokenBytes = v; return this; }
        public Builder cnonceValidator(CnonceValidator v) { cnonceValidator = v; return this; }

        public TokenVerifierConfig build() {
            return new TokenVerifierConfig(audiences, clockSkew, aceProfile, allowUnencryptedSymmetricPopKey,
                    requirePopKey, requireScope, requireExpiry, maxTokenBytes, cnonceValidator);
        }
    }
}

package org.acemqtt.proxy.token;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.acemqtt.proxy.token.cose.CoseType;

/**
 * A verified access token (RFC 8392 claims, RFC 9200 §5.10.1.1 checks passed): an immutable grant. Absent claims
 * are empty {@code Optional}s. {@code toString()} shows no key bytes and not the token itself.
 */
public final class AccessToken {
    /** {@link #formatTag()} of a reference token validated by introspection (RFC 7662, RFC 9200 §5.9). */
    public static final String REFERENCE_FORMAT = "reference";

    private final String issuer;
    private final String subject;
    private final List<String> audience;
    private final Instant expiresAt;
    private final Instant notBefore;
    private final Instant issuedAt;
    private final byte[] cti;
    private final Long exi;
    private final Instant receivedAt;
    private final byte[] cnonce;
    private final Integer aceProfile;
    private final ScopeClaim scope;
    private final Object parsedScope;
    private final PopKey popKey;
    private final byte[] tokenSha256;
    private final CoseType format;
    private final boolean encrypted;
    private final boolean reference;
    /** The reference token itself (only for reference tokens, for re-introspection); null otherwise. */
    private final byte[] referenceToken;

    private AccessToken(Builder b) {
        referenceToken = null;
        issuer = b.issuer;
        subject = b.subject;
        audience = List.copyOf(b.audience);
        expiresAt = b.expiresAt;
        notBefore = b.notBefore;
        issuedAt = b.issuedAt;
        cti = b.cti == null ? null : b.cti.clone();
        exi = b.exi;
        receivedAt = b.receivedAt;
        cnonce = b.cnonce == null ? null : b.cnonce.clone();
        aceProfile = b.aceProfile;
        scope = b.scope;
        parsedScope = b.parsedScope;
        popKey = b.popKey;
        tokenSha256 = b.tokenSha256.clone();
        format = b.format;
        encrypted = b.encrypted;
        reference = b.reference;
    }

    private AccessToken(AccessToken o, byte[] raw) {
        issuer = o.issuer;
        subject = o.subject;
        audience = o.audience;
        expiresAt = o.expiresAt;
        notBefore = o.notBefore;
        issuedAt = o.issuedAt;
        cti = o.cti;
        exi = o.exi;
        receivedAt = o.receivedAt;
        cnonce = o.cnonce;
        aceProfile = o.aceProfile;
        scope = o.scope;
        parsedScope = o.parsedScope;
        popKey = o.popKey;
        tokenSha256 = o.tokenSha256;
        format = o.format;
        encrypted = o.encrypted;
        reference = o.reference;
        referenceToken = raw.clone();
    }

    /**
     * This reference token, carrying the bytes the client presented so that a live connection can re-introspect it
     * when the introspection cache runs out (RFC 9431 §2.4.2). Self-contained tokens never keep their bytes.
     */
    public AccessToken withReferenceToken(byte[] raw) {
        if (!reference) {
            throw new IllegalStateException("only reference tokens keep their bytes");
        }
        return new AccessToken(this, raw);
    }

    /** The reference token's bytes, if this is a reference token that carries them; never for CWTs. */
    public Optional<byte[]> referenceToken() {
        return referenceToken == null ? Optional.empty() : Optional.of(referenceToken.clone());
    }

    /** The trusted issuer whose key protected the token (equal to {@code iss} when present). */
    public String issuer() { return issuer; }

    public Optional<String> subject() { return Optional.ofNullable(subject); }

    public List<String> audience() { return audience; }

    public Optional<Instant> expiresAt() { return Optional.ofNullable(expiresAt); }

    public Optional<Instant> notBefore() { return Optional.ofNullable(notBefore); }

    public Optional<Instant> issuedAt() { return Optional.ofNullable(issuedAt); }

    public Optional<byte[]> cti() { return Optional.ofNullable(cti).map(byte[]::clone); }

    /** RFC 9200 §5.10.3 {@code exi}: seconds from {@link #receivedAt()}. */
    public Optional<Long> exi() { return Optional.ofNullable(exi); }

    /** When this proxy first verified the token (starts the {@code exi} counter). */
    public Instant receivedAt() { return receivedAt; }

    public Optional<byte[]> cnonce() { return Optional.ofNullable(cnonce).map(byte[]::clone); }

    public Optional<Integer> aceProfile() { return Optional.ofNullable(aceProfile); }

    /** The scope as received; {@code null} only if the verifier was configured not to require one. */
    public ScopeClaim scope() { return scope; }

    /** What the configured {@link ScopeParser} made of the scope. */
    public Object parsedScope() { return parsedScope; }

    public <T> T parsedScope(Class<T> type) { return type.cast(parsedScope); }

    /** The {@code cnf} key; {@code null} only if the verifier was configured not to require one. */
    public PopKey popKey() { return popKey; }

    /** SHA-256 of the token bytes as received (for revocation lists and logs instead of the token). */
    public byte[] tokenSha256() { return tokenSha256.clone(); }

    /**
     * The outermost COSE structure of a self-contained token; {@code null} for a reference token (see
     * {@link #isReference()}, {@link #formatTag()}).
     */
    public CoseType format() { return format; }

    /** Whether this grant came from introspecting a reference token rather than from a self-contained CWT. */
    public boolean isReference() { return reference; }

    /** {@code sign1}, {@code mac0}, {@code encrypt0} ({@link CoseType#metricTag()}) or {@value #REFERENCE_FORMAT}. */
    public String formatTag() { return reference ? REFERENCE_FORMAT : format.metricTag(); }

    /** Whether a COSE_Encrypt0 layer protected the claims. */
    public boolean encrypted() { return encrypted; }

    /** The earlier of {@code exp} and {@code receivedAt + exi}; empty if the token has neither. */
    public Optional<Instant> effectiveExpiry() {
        Instant byExi = exi == null ? null : receivedAt.plusSeconds(exi);
        if (expiresAt == null) {
            return Optional.ofNullable(byExi);
        }
        return Optional.of(byExi == null || expiresAt.isBefore(byExi) ? expiresAt : byExi);
    }

    public boolean isExpired(Instant now) {
        return effectiveExpiry().map(e -> !now.isBefore(e)).orElse(false);
    }

    @Override
    public String toString() {
        return "AccessToken[iss " + issuer + ", sub " + subject + ", aud " + audience + ", exp " + expiresAt
                + (exi != null ? ", exi " + exi : "") + ", " + (reference ? REFERENCE_FORMAT : format) + (encrypted ? " encrypted" : "")
                + ", " + scope + ", " + popKey + ", sha256 " + HexFormat.of().formatHex(tokenSha256, 0, 8) + "]";
    }

    /** Assembles a token; used by the verifier and by introspection. */
    public static final class Builder {
        private String issuer;
        private String subject;
        private List<String> audience = List.of();
        private Instant expiresAt;
        private Instant notBefore;
        private Instant issuedAt;
        private byte[] cti;
        private Long exi;
        private Instant receivedAt;
        private byte[] cnonce;
        private Integer aceProfile;
        private ScopeClaim scope;
        private Object parsedScope;
        private PopKey popKey;
        private byte[] tokenSha256;
        private CoseType format;
        private boolean encrypted;
        private boolean reference;

        public Builder issuer(String v) { issuer = v; return this; }
        public Builder subject(String v) { subject = v; return this; }
        public Builder audience(List<String> v) { audience = v; return this; }
        public Builder expiresAt(Instant v) { expiresAt = v; return this; }
        public Builder notBefore(Instant v) { notBefore = v; return this; }
        public Builder issuedAt(Instant v) { issuedAt = v; return this; }
        public Builder cti(byte[] v) { cti = v; return this; }
        public Builder exi(Long v) { exi = v; return this; }
        public Builder receivedAt(Instant v) { receivedAt = v; return this; }
        public Builder cnonce(byte[] v) { cnonce = v; return this; }
        public Builder aceProfile(Integer v) { aceProfile = v; return this; }
        public Builder scope(ScopeClaim v, Object parsed) { scope = v; parsedScope = parsed; return this; }
        public Builder popKey(PopKey v) { popKey = v; return this; }
        public Builder tokenSha256(byte[] v) { tokenSha256 = v; return this; }
        public Builder format(CoseType v, boolean isEncrypted) {
            format = v;
            encrypted = isEncrypted;
            reference = false;
            return this;
        }

        /** Marks a reference token: no COSE format, not encrypted. */
        public Builder reference() {
            format = null;
            encrypted = false;
            reference = true;
            return this;
        }

        public AccessToken build() {
            if (issuer == null || receivedAt == null || tokenSha256 == null || (format == null && !reference)) {
                throw new IllegalStateException("issuer, receivedAt, tokenSha256 and format (or reference) are required");
            }
            return new AccessToken(this);
        }
    }
}

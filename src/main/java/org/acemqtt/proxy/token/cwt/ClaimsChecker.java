package org.acemqtt.proxy.token.cwt;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.PopKey;
import org.acemqtt.proxy.token.ScopeClaim;
import org.acemqtt.proxy.token.ScopeParser;
import org.acemqtt.proxy.token.TokenDenyReason;
import org.acemqtt.proxy.token.TokenRefusedException;
import org.acemqtt.proxy.token.TokenVerifierConfig;
import org.acemqtt.proxy.token.cbor.CborArray;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborInt;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborText;
import org.acemqtt.proxy.token.cose.CoseType;
import org.acemqtt.proxy.token.keys.TrustedIssuer;

/**
 * The claim checks of RFC 9200 §5.10.1.1, in its order: {@code iss}, then {@code exp}/{@code nbf} (and
 * {@code exi}), {@code aud}, {@code scope}, then the profile's own: {@code ace_profile}, {@code cnonce},
 * {@code cnf} (RFC 9431 §2.1, §2.2.5). Claim keys per RFC 8392 §4 and RFC 9200 §8.13; unknown claims are ignored.
 * The same checks serve self-contained CWTs ({@link #check}) and introspection answers of reference tokens
 * ({@link #checkIntrospected}), whose keys RFC 9200 Table 6 aligns with the CWT claim keys.
 */
public final class ClaimsChecker {
    /**
     * Where the claims came from: the issuer to report, which {@code iss} values are acceptable, the issuer keys
     * for an Encrypted_COSE_Key {@code cnf} (or {@code null}), and whether a symmetric PoP key reached us
     * protected (Encrypt0 token or TLS to the AS).
     */
    private record Origin(String issuer, Predicate<String> issAccepted, TrustedIssuer cnfKeys,
                          boolean keyProtectedInTransit, String formatTag, CoseType format, boolean encrypted) {
    }

    private ClaimsChecker() {
    }

    public static AccessToken check(CwtUnwrapper.Unwrapped u, byte[] tokenSha256, TokenVerifierConfig cfg,
                                    ScopeParser scopeParser, Instant now) throws TokenRefusedException {
        String issuer = u.issuer().issuer();
        return check(u.claims(), new Origin(issuer, issuer::equals, u.issuer(), u.encrypted(),
                u.outerFormat().metricTag(), u.outerFormat(), u.encrypted()), tokenSha256, cfg, scopeParser, now);
    }

    /**
     * The claim checks for the answer of an introspection endpoint about a reference token (RFC 7662, RFC 9200
     * §5.9), given as a map with the RFC 9200 Table 6 integer keys ({@code active} already checked by the caller).
     * A symmetric {@code cnf} key counts as protected: it came over the authenticated TLS connection to the AS.
     *
     * @param defaultIssuer reported as {@link AccessToken#issuer()} when the answer has no {@code iss}
     * @param issAccepted   decides whether an {@code iss} present in the answer is acceptable
     * @param cnfKeys       keys to decrypt an Encrypted_COSE_Key {@code cnf}; {@code null}: such a cnf is refused
     */
    public static AccessToken checkIntrospected(CborMap answer, String defaultIssuer, Predicate<String> issAccepted,
                                                TrustedIssuer cnfKeys, byte[] tokenSha256, TokenVerifierConfig cfg,
                                                ScopeParser scopeParser, Instant now) throws TokenRefusedException {
        String iss = text(answer, 1, "iss");
        return check(answer, new Origin(iss != null ? iss : defaultIssuer, issAccepted, cnfKeys, true,
                AccessToken.REFERENCE_FORMAT, null, false), tokenSha256, cfg, scopeParser, now);
    }

    private static AccessToken check(CborMap c, Origin origin, byte[] tokenSha256, TokenVerifierConfig cfg,
                                     ScopeParser scopeParser, Instant now) throws TokenRefusedException {
        String iss = text(c, 1, "iss");
        String sub = text(c, 2, "sub");
        Instant exp = NumericDate.parse(c.get(4), "exp");
        Instant nbf = NumericDate.parse(c.get(5), "nbf");
        Instant iat = NumericDate.parse(c.get(6), "iat");
        byte[] cti = bytes(c, 7, "cti");
        byte[] cnonce = bytes(c, 39, "cnonce");
        Long exi = exi(c.get(40));

        if (iss != null && !origin.issAccepted().test(iss)) {
            throw refuse(TokenDenyReason.ISSUER_MISMATCH, origin.format() == null
                    ? "iss is not an accepted issuer" : "iss differs from the issuer of the key");
        }
        if (exp != null && !now.isBefore(exp.plus(cfg.clockSkew()))) {
            throw refuse(TokenDenyReason.EXPIRED, "exp " + exp + " <= now " + now + " - skew");
        }
        if (exi != null && exi == 0) {
            throw refuse(TokenDenyReason.EXPIRED, "exi 0");
        }
        if (nbf != null && now.plus(cfg.clockSkew()).isBefore(nbf)) {
            throw refuse(TokenDenyReason.NOT_YET_VALID, "nbf " + nbf + " > now " + now + " + skew");
        }
        if (cfg.requireExpiry() && exp == null && exi == null) {
            throw refuse(TokenDenyReason.MISSING_EXPIRY, "neither exp nor exi");
        }
        List<String> aud = audience(c.get(3), cfg);
        ScopeClaim scope = scope(c.get(9), cfg.requireScope());
        Object parsedScope = null;
        if (scope != null) {
            try {
                parsedScope = scopeParser.parse(scope);
                scope = scopeParser.canonical(scope);
            } catch (Exception e) {
                throw refuse(TokenDenyReason.MALFORMED_SCOPE, "scope parser: " + e.getClass().getSimpleName());
            }
        }
        Integer profile = profile(c.get(38), cfg.aceProfile());
        if (cfg.cnonceValidator() != null) {
            if (cnonce == null) {
                throw refuse(TokenDenyReason.MISSING_CNONCE, "no cnonce claim");
            }
            if (!cfg.cnonceValidator().isFresh(cnonce.clone())) {
                throw refuse(TokenDenyReason.CNONCE_MISMATCH, "cnonce not issued or expired");
            }
        }
        PopKey pop = popKey(c.get(8), origin, cfg);
        AccessToken.Builder b = new AccessToken.Builder().issuer(origin.issuer()).subject(sub).audience(aud)
                .expiresAt(exp).notBefore(nbf).issuedAt(iat).cti(cti).exi(exi).receivedAt(now).cnonce(cnonce)
                .aceProfile(profile).scope(scope, parsedScope).popKey(pop).tokenSha256(tokenSha256);
        if (origin.format() == null) {
            b.reference();
        } else {
            b.format(origin.format(), origin.encrypted());
        }
        return b.build();
    }

    private static List<String> audience(CborItem aud, TokenVerifierConfig cfg) throws TokenRefusedException {
        if (aud == null) {
            throw refuse(TokenDenyReason.MISSING_AUDIENCE, "no aud");
        }
        List<String> values = new ArrayList<>();
        if (aud instanceof CborText t) {
            values.add(t.value());
        } else if (aud instanceof CborArray a) {
            for (CborItem i : a.items()) {
                if (!(i instanceof CborText t)) {
                    throw refuse(TokenDenyReason.MALFORMED_CLAIMS, "aud array member is not a text string");
                }
                values.add(t.value());
            }
        } else {
            throw refuse(TokenDenyReason.MALFORMED_CLAIMS, "aud is neither text nor array");
        }
        for (String v : values) {
            if (cfg.audiences().contains(v)) {
                return values;
            }
        }
        throw refuse(TokenDenyReason.AUDIENCE_MISMATCH, values.size() + " aud value(s), none is this proxy");
    }

    private static ScopeClaim scope(CborItem scope, boolean required) throws TokenRefusedException {
        if (scope == null) {
            if (!required) {
                return null;
            }
            throw refuse(TokenDenyReason.MISSING_SCOPE, "no scope");
        }
        if (scope instanceof CborBytes b) {
            return new ScopeClaim(ScopeClaim.Kind.BSTR_CBOR, b.toByteArray());
        }
        if (scope instanceof CborArray a) {
            return new ScopeClaim(ScopeClaim.Kind.CBOR_ARRAY, a.encoded());
        }
        if (scope instanceof CborText t) {
            return new ScopeClaim(ScopeClaim.Kind.TEXT, t.value().getBytes(StandardCharsets.UTF_8));
        }
        throw refuse(TokenDenyReason.MALFORMED_SCOPE, "scope is not a bstr, array or text");
    }

    private static Integer profile(CborItem p, int expected) throws TokenRefusedException {
        if (p == null) {
            return null;
        }
        if (!(p instanceof CborInt i) || i.value() != expected) {
            throw refuse(TokenDenyReason.PROFILE_MISMATCH, "ace_profile is not " + expected);
        }
        return expected;
    }

    private static PopKey popKey(CborItem cnf, Origin origin, TokenVerifierConfig cfg)
            throws TokenRefusedException {
        if (cnf == null) {
            if (cfg.requirePopKey()) {
                throw refuse(TokenDenyReason.MISSING_CNF, "no cnf");
            }
            return null;
        }
        CnfParser.Parsed parsed = CnfParser.parse(cnf, origin.cnfKeys());
        boolean protectedInTransit = origin.keyProtectedInTransit() || parsed.wasEncrypted();
        if (parsed.key() instanceof PopKey.Symmetric && !protectedInTransit
                && !cfg.allowUnencryptedSymmetricPopKey()) {
            throw refuse(TokenDenyReason.UNENCRYPTED_SYMMETRIC_POP_KEY, "symmetric COSE_Key in a "
                    + origin.formatTag() + " token");
        }
        return parsed.key();
    }

    private static String text(CborMap c, int key, String name) throws TokenRefusedException {
        CborItem v = c.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof CborText t)) {
            throw refuse(TokenDenyReason.MALFORMED_CLAIMS, name + " is not a text string");
        }
        return t.value();
    }

    private static byte[] bytes(CborMap c, int key, String name) throws TokenRefusedException {
        CborItem v = c.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof CborBytes b)) {
            throw refuse(TokenDenyReason.MALFORMED_CLAIMS, name + " is not a byte string");
        }
        return b.toByteArray();
    }

    private static Long exi(CborItem v) throws TokenRefusedException {
        if (v == null) {
            return null;
        }
        if (!(v instanceof CborInt i) || i.value() < 0) {
            throw refuse(TokenDenyReason.MALFORMED_CLAIMS, "exi is not an unsigned integer");
        }
        return i.value();
    }

    private static TokenRefusedException refuse(TokenDenyReason reason, String detail) {
        return new TokenRefusedException(reason, detail);
    }
}

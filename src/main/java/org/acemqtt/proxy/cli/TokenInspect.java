package org.acemqtt.proxy.cli;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.auth.TokenAuthority;
import org.acemqtt.proxy.config.ConfigException;
import org.acemqtt.proxy.config.ConfigLoader;
import org.acemqtt.proxy.config.ProxyConfig;
import org.acemqtt.proxy.metrics.ProxyMetrics;
import org.acemqtt.proxy.scope.AifScope;
import org.acemqtt.proxy.token.AccessToken;
import org.acemqtt.proxy.token.VerificationResult;
import org.acemqtt.proxy.token.cbor.CborArray;
import org.acemqtt.proxy.token.cbor.CborBytes;
import org.acemqtt.proxy.token.cbor.CborException;
import org.acemqtt.proxy.token.cbor.CborInt;
import org.acemqtt.proxy.token.cbor.CborItem;
import org.acemqtt.proxy.token.cbor.CborMap;
import org.acemqtt.proxy.token.cbor.CborReader;
import org.acemqtt.proxy.token.cbor.CborTag;
import org.acemqtt.proxy.token.keys.KeyLoadException;

/**
 * {@code token inspect <hex|base64url|@file> [--config F]}: shows a token's COSE structure, headers and (when not
 * encrypted) claims, and with a config says whether this proxy would accept it and, if not, exactly why (the same
 * verifier and reasons as the connection path). Key material is never printed. Exit 0: decoded / accepted,
 * 1: refused, 2: not a token or unusable input.
 */
public final class TokenInspect {
    private static final Map<Long, String> CLAIMS = Map.ofEntries(Map.entry(1L, "iss"), Map.entry(2L, "sub"),
            Map.entry(3L, "aud"), Map.entry(4L, "exp"), Map.entry(5L, "nbf"), Map.entry(6L, "iat"), Map.entry(7L, "cti"),
            Map.entry(8L, "cnf"), Map.entry(9L, "scope"), Map.entry(38L, "ace_profile"), Map.entry(39L, "cnonce"),
            Map.entry(40L, "exi"));
    private static final Map<Long, String> COSE_TAGS = Map.of(18L, "COSE_Sign1", 17L, "COSE_Mac0", 16L, "COSE_Encrypt0");
    private final PrintStream out;

    TokenInspect(PrintStream out) {
        this.out = out;
    }

    public static int run(CommandLine cli) {
        return new TokenInspect(System.out).inspect(cli.tokenArgument(), cli.configGiven() ? cli.config() : null);
    }

    int inspect(String argument, Path configFile) {
        byte[] token;
        try {
            token = decodeArgument(argument);
        } catch (IllegalArgumentException | IOException e) {
            out.println("not a token: " + e.getMessage());
            return 2;
        }
        out.println("token: " + token.length + " bytes, sha256 " + HexFormat.of().formatHex(sha256(token), 0, 8));
        try {
            describe(CborReader.decode(token), "");
        } catch (CborException e) {
            out.println("not CBOR (" + e.getMessage() + "): a reference token, or not a token at all");
        }
        return configFile == null ? 0 : verdict(token, configFile);
    }

    /** {@code @file} (binary, or text holding hex/base64url), hex, or base64url / base64. */
    static byte[] decodeArgument(String argument) throws IOException {
        if (argument == null || argument.isEmpty()) {
            throw new IllegalArgumentException("empty argument");
        }
        if (argument.startsWith("@")) {
            byte[] content = Files.readAllBytes(Path.of(argument.substring(1)));
            String text = new String(content, StandardCharsets.US_ASCII).trim();
            return text.matches("[0-9A-Za-z_=+/-]+") ? decodeText(text) : content;
        }
        return decodeText(argument.trim());
    }

    private static byte[] decodeText(String text) {
        if (text.length() % 2 == 0 && text.matches("[0-9a-fA-F]+")) {
            return HexFormat.of().parseHex(text);
        }
        String urlSafe = text.replace('+', '-').replace('/', '_');
        return Base64.getUrlDecoder().decode(urlSafe);
    }

    private void describe(CborItem item, String indent) {
        if (item instanceof CborTag tag && tag.tag() == 61) {
            out.println(indent + "CWT tag 61");
            describe(tag.content(), indent);
            return;
        }
        if (!(item instanceof CborTag tag) || !COSE_TAGS.containsKey(tag.tag()) || !(tag.content() instanceof CborArray parts)
                || parts.size() < 3) {
            out.println(indent + "not a tagged COSE_Sign1/Mac0/Encrypt0: " + CborDiagnostic.of(item));
            return;
        }
        out.println(indent + COSE_TAGS.get(tag.tag()));
        out.println(indent + "  protected:   " + headers(parts.get(0)));
        out.println(indent + "  unprotected: " + CborDiagnostic.of(parts.get(1)));
        if (tag.tag() == 16) {
            out.println(indent + "  ciphertext:  " + ((CborBytes) parts.get(2)).length() + " bytes (claims need the issuer key: --config)");
            return;
        }
        if (parts.get(2) instanceof CborBytes payload) {
            try {
                CborItem inner = CborReader.decode(payload.toByteArray());
                if (inner instanceof CborMap claims) {
                    claims(claims, indent + "  ");
                } else {
                    out.println(indent + "  nested:");
                    describe(inner, indent + "    ");
                }
            } catch (CborException e) {
                out.println(indent + "  payload: not CBOR (" + e.getMessage() + ")");
            }
        }
    }

    private static String headers(CborItem protectedHeader) {
        if (!(protectedHeader instanceof CborBytes bytes) || bytes.length() == 0) {
            return "{}";
        }
        try {
            return CborDiagnostic.of(CborReader.decode(bytes.toByteArray()));
        } catch (CborException e) {
            return "malformed (" + e.getMessage() + ")";
        }
    }

    private void claims(CborMap claims, String indent) {
        for (Map.Entry<CborItem, CborItem> e : claims.entries()) {
            long label = e.getKey() instanceof CborInt i ? i.value() : Long.MIN_VALUE;
            String name = CLAIMS.getOrDefault(label, CborDiagnostic.of(e.getKey()));
            out.println(indent + String.format("%-13s", name + ":") + claimValue(label, e.getValue()));
        }
    }

    private static String claimValue(long label, CborItem value) {
        if ((label == 4 || label == 5 || label == 6) && value instanceof CborInt time) {
            return time.value() + " (" + Instant.ofEpochSecond(time.value()) + ")";
        }
        if (label == 8) {
            // RFC 8747 cnf: say what kind of key, never the key itself.
            return value instanceof CborMap cnf ? "confirmation " + cnfSummary(cnf) : CborDiagnostic.of(value);
        }
        if (label == 9 && value instanceof CborBytes aif) {
            try {
                return AifScope.parseCbor(aif.toByteArray()).toString();
            } catch (Exception e) {
                return CborDiagnostic.of(value) + " (not a valid AIF-MQTT scope: " + e.getMessage() + ")";
            }
        }
        return CborDiagnostic.of(value);
    }

    private static String cnfSummary(CborMap cnf) {
        if (cnf.get(1) instanceof CborMap key) {
            String kid = key.get(2) instanceof CborBytes k ? ", kid " + CborDiagnostic.of(k) : "";
            return "COSE_Key kty " + CborDiagnostic.of(key.get(1)) + (key.get(-1) != null && key.get(-2) == null
                    ? " (symmetric key in the clear)" : ", crv " + CborDiagnostic.of(key.get(-1))) + kid + " (key material not shown)";
        }
        if (cnf.get(2) != null) {
            return "Encrypted_COSE_Key";
        }
        return cnf.get(3) instanceof CborBytes kid ? "kid " + CborDiagnostic.of(kid) : CborDiagnostic.of(cnf.keyAt(0));
    }

    private int verdict(byte[] token, Path configFile) {
        ProxyConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            e.problems().forEach(p -> out.println("config: " + p));
            return 2;
        }
        Vertx vertx = config.ace().introspection().isPresent() ? Vertx.vertx() : null;
        try {
            TokenAuthority tokens = TokenAuthority.create(config.ace(), new ProxyMetrics(), Clock.systemUTC(), vertx);
            VerificationResult result = tokens.verifyAny(token).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (!result.isSuccess()) {
                out.println("REFUSED by this proxy: " + result.reason().metricTag() + ": " + result.reason().logMessage()
                        + (result.detail() == null || result.detail().isEmpty() ? "" : " (" + result.detail() + ")"));
                out.println("  clients are told 0x" + Integer.toHexString(config.ace().notAuthorizedReasonCode()));
                return 1;
            }
            AccessToken t = result.token();
            out.println("ACCEPTED by this proxy: " + t.formatTag() + " from " + t.issuer() + t.subject().map(s -> ", sub " + s).orElse(""));
            out.println("  scope:   " + t.parsedScope());
            out.println("  expires: " + t.effectiveExpiry().map(Instant::toString).orElse("never (no exp/exi)"));
            out.println("  PoP key: " + t.popKey());
            return 0;
        } catch (KeyLoadException e) {
            out.println("config: ace.issuers: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            out.println("could not verify: " + e);
            return 2;
        } finally {
            if (vertx != null) {
                vertx.close();
            }
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.acemqtt.proxy.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.acemqtt.proxy.config.AceConfig.IssuerConfig;
import org.acemqtt.proxy.config.UpstreamConfig.UpstreamTls;
import org.acemqtt.proxy.scope.AifScope;
import org.acemqtt.proxy.scope.ScopeFormatException;
import org.acemqtt.proxy.token.keys.IssuerKeysLoader;
import org.acemqtt.proxy.token.keys.KeyLoadException;

/**
 * Reads config.json (CONTRACT.md) into immutable records. Every problem is collected with its JSON path and
 * reported together; nothing falls back to a default when a present value is broken.
 */
public final class ConfigLoader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> TOP_KEYS = List.of("listeners", "upstream", "ace", "admin", "limits", "logging");
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** RFC 9431 §3.1: 0x87 Not authorized, or 0x80 Unspecified error to avoid leaking topic names. */
    private static final List<Integer> NOT_AUTHORIZED_CODES = List.of(0x87, 0x80);

    private ConfigLoader() {
    }

    public static ProxyConfig load(Path file) throws ConfigException {
        Path absolute = file.toAbsolutePath().normalize();
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(absolute, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": file not found"));
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(file + ": not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(List.of(file + ": the top level must be a JSON object"));
        }
        Path baseDir = absolute.getParent();
        JsonFields fields = new JsonFields(baseDir);
        fields.rejectUnknownKeys(root, "", TOP_KEYS);
        List<ListenerConfig> listeners = listeners(root, fields);
        UpstreamConfig upstream = upstream(root, fields);
        AceConfig ace = ace(root, fields);
        AdminConfig admin = admin(root, fields);
        LimitsConfig limits = limits(root, fields);
        LoggingConfig logging = logging(root, fields);
        checkPortsDistinct(listeners, admin, fields);
        if (!fields.problems().isEmpty()) {
            throw new ConfigException(fields.problems());
        }
        return new ProxyConfig(absolute, listeners, upstream, ace, admin, limits, logging);
    }

    private static List<ListenerConfig> listeners(JsonNode root, JsonFields f) {
        List<ListenerConfig> out = new ArrayList<>();
        JsonNode list = root.get("listeners");
        if (list == null || !list.isArray() || list.isEmpty()) {
            f.problem("listeners", "must be a non-empty array");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String p = "listeners[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                f.problem(p, "must be an object");
                continue;
            }
            f.rejectUnknownKeys(node, p, List.of("name", "host", "port", "tls", "insecure"));
            String name = f.string(node, "name", p, "listener-" + i);
            String host = f.string(node, "host", p, "0.0.0.0");
            int port = f.requiredPort(node, "port", p);
            boolean insecure = f.bool(node, "insecure", p, false);
            Optional<TlsConfig> tls = f.object(node, "tls", p, false).map(t -> tls(t, p + ".tls", f));
            if (!node.has("tls") || node.get("tls").isNull()) {
                if (!insecure) {
                    f.problem(p + ".tls", "is required (a listener without TLS needs \"insecure\": true, for tests only)");
                }
            }
            out.add(new ListenerConfig(name, host, port, tls));
        }
        return out;
    }

    private static TlsConfig tls(JsonNode node, String p, JsonFields f) {
        f.rejectUnknownKeys(node, p, List.of("certificate", "privateKey", "protocols", "psk", "rawPublicKeys", "handshakeTimeoutSeconds"));
        Path cert = f.file(node, "certificate", p, true).orElse(null);
        Path key = f.file(node, "privateKey", p, true).orElse(null);
        List<String> protocols = node.has("protocols") ? f.strings(node, "protocols", p, false) : PROTOCOLS;
        for (int i = 0; i < protocols.size(); i++) {
            if (!PROTOCOLS.contains(protocols.get(i))) {
                f.problem(p + ".protocols[" + i + "]", "unsupported protocol " + protocols.get(i) + " (use TLSv1.3 and/or TLSv1.2)");
            }
        }
        if (node.has("protocols") && protocols.isEmpty()) {
            f.problem(p + ".protocols", "must name at least one protocol");
        }
        boolean psk = f.bool(node, "psk", p, true);
        boolean rpk = f.bool(node, "rawPublicKeys", p, true);
        int timeout = f.integer(node, "handshakeTimeoutSeconds", p, 10, 1, 300);
        return new TlsConfig(cert, key, protocols, psk, rpk, Duration.ofSeconds(timeout));
    }

    private static UpstreamConfig upstream(JsonNode root, JsonFields f) {
        Optional<JsonNode> maybe = f.object(root, "upstream", "", true);
        if (maybe.isEmpty()) {
            return null;
        }
        JsonNode node = maybe.get();
        String p = "upstream";
        f.rejectUnknownKeys(node, p, List.of("host", "port", "username", "password", "tls", "connectTimeoutSeconds",
                "clientIdPolicy"));
        String host = f.string(node, "host", p, "127.0.0.1");
        int port = f.requiredPort(node, "port", p);
        Optional<String> user = f.string(node, "username", p, false);
        Optional<byte[]> password = f.string(node, "password", p, false).map(s -> s.getBytes(StandardCharsets.UTF_8));
        if (password.isPresent() && user.isEmpty()) {
            // MQTT 3.1.1 §3.1.2.9: a Password requires a User Name.
            f.problem(p + ".password", "needs upstream.username as well");
        }
        Optional<UpstreamTls> tls = f.object(node, "tls", p, false).map(t -> {
            f.rejectUnknownKeys(t, p + ".tls", List.of("trustStore", "serverName"));
            return new UpstreamTls(f.file(t, "trustStore", p + ".tls", false), f.string(t, "serverName", p + ".tls", false));
        });
        int timeout = f.integer(node, "connectTimeoutSeconds", p, 5, 1, 120);
        String policy = f.string(node, "clientIdPolicy", p, "passthrough");
        UpstreamConfig.ClientIdPolicy clientIdPolicy = UpstreamConfig.ClientIdPolicy.PASSTHROUGH;
        if (policy.equals("bind-to-key")) {
            clientIdPolicy = UpstreamConfig.ClientIdPolicy.BIND_TO_KEY;
        } else if (!policy.equals("passthrough")) {
            f.problem(p + ".clientIdPolicy", "must be \"passthrough\" or \"bind-to-key\"");
        }
        return new UpstreamConfig(host, port, user, password, tls, Duration.ofSeconds(timeout), clientIdPolicy);
    }

    private static AceConfig ace(JsonNode root, JsonFields f) {
        Optional<JsonNode> maybe = f.object(root, "ace", "", true);
        if (maybe.isEmpty()) {
            return null;
        }
        JsonNode node = maybe.get();
        String p = "ace";
        f.rejectUnknownKeys(node, p, List.of("audience", "issuers", "introspection", "revocation", "authzInfoTopic", "anonymousScope",
                "clockSkewSeconds", "asHint", "notAuthorizedReasonCode"));
        List<String> audience = f.strings(node, "audience", p, true);
        List<IssuerConfig> issuers = issuers(node, f);
        String authzInfo = f.string(node, "authzInfoTopic", p, "authz-info");
        Optional<String> anonymous = anonymousScope(node, f);
        int skew = f.integer(node, "clockSkewSeconds", p, 5, 0, 3600);
        Optional<String> hint = asHint(node, f);
        Optional<AceConfig.Introspection> introspection = introspection(node, f);
        Optional<AceConfig.Revocation> revocation = revocation(node, f);
        int notAuthorized = f.integer(node, "notAuthorizedReasonCode", p, 0x87, 0, 255);
        if (!NOT_AUTHORIZED_CODES.contains(notAuthorized)) {
            f.problem(p + ".notAuthorizedReasonCode", "must be 135 (0x87 Not authorized) or 128 (0x80 Unspecified error)");
        }
        return new AceConfig(audience, issuers, authzInfo, anonymous, skew, hint, notAuthorized, introspection,
                revocation);
    }

    /** CONTRACT {@code ace.revocation}: null, or the AS's Token Revocation List to poll. */
    private static Optional<AceConfig.Revocation> revocation(JsonNode ace, JsonFields f) {
        Optional<JsonNode> maybe = f.object(ace, "revocation", "ace", false);
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = maybe.get();
        String p = "ace.revocation";
        f.rejectUnknownKeys(node, p, List.of("endpoint", "pollSeconds", "trustStore", "insecure"));
        int before = f.problems().size();
        boolean insecure = f.bool(node, "insecure", p, false);
        URI endpoint = f.string(node, "endpoint", p, true).map(s -> endpoint(s, insecure, p + ".endpoint", f))
                .orElse(null);
        int poll = f.integer(node, "pollSeconds", p, 30, 1, 86_400);
        Optional<Path> trustStore = f.file(node, "trustStore", p, false);
        if (f.problems().size() != before || endpoint == null) {
            return Optional.empty();
        }
        return Optional.of(new AceConfig.Revocation(endpoint, poll, trustStore));
    }

    /** CONTRACT {@code ace.introspection}: null, or the AS introspection endpoint for reference tokens (RFC 7662). */
    private static Optional<AceConfig.Introspection> introspection(JsonNode ace, JsonFields f) {
        Optional<JsonNode> maybe = f.object(ace, "introspection", "ace", false);
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = maybe.get();
        String p = "ace.introspection";
        f.rejectUnknownKeys(node, p, List.of("endpoint", "clientId", "clientSecret", "cacheSeconds", "trustStore",
                "timeoutSeconds", "insecure"));
        int before = f.problems().size();
        boolean insecure = f.bool(node, "insecure", p, false);
        URI endpoint = f.string(node, "endpoint", p, true).map(s -> endpoint(s, insecure, p + ".endpoint", f))
                .orElse(null);
        Optional<String> clientId = f.string(node, "clientId", p, true);
        Optional<String> secret = f.string(node, "clientSecret", p, true);
        int cache = f.integer(node, "cacheSeconds", p, 60, 0, 86_400);
        Optional<Path> trustStore = f.file(node, "trustStore", p, false);
        int timeout = f.integer(node, "timeoutSeconds", p, 5, 1, 120);
        if (f.problems().size() != before || endpoint == null) {
            return Optional.empty();
        }
        return Optional.of(new AceConfig.Introspection(endpoint, clientId.get(),
                secret.get().getBytes(StandardCharsets.UTF_8), cache, trustStore, Duration.ofSeconds(timeout)));
    }

    private static URI endpoint(String raw, boolean insecure, String p, JsonFields f) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            f.problem(p, "not a valid URI: " + e.getReason());
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            f.problem(p, "must be an absolute https URI with a host");
            return null;
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            f.problem(p, "must not contain user info or a fragment (credentials go in clientId/clientSecret)");
            return null;
        }
        if (scheme.equals("http") && !insecure) {
            f.problem(p, "must be https (RFC 9200 §5.9 requires a protected channel; http needs \"insecure\": true, for tests only)");
            return null;
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            f.problem(p, "must be an https URI, got scheme " + uri.getScheme());
            return null;
        }
        return uri;
    }

    private static List<IssuerConfig> issuers(JsonNode ace, JsonFields f) {
        List<IssuerConfig> out = new ArrayList<>();
        JsonNode list = ace.get("issuers");
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            f.problem("ace.issuers", "must be an array");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String p = "ace.issuers[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                f.problem(p, "must be an object");
                continue;
            }
            f.rejectUnknownKeys(node, p, List.of("issuer", "keys"));
            Optional<String> issuer = f.string(node, "issuer", p, true);
            Optional<Path> keys = f.file(node, "keys", p, true);
            if (issuer.isPresent() && keys.isPresent()) {
                try {
                    IssuerKeysLoader.load(keys.get());
                    out.add(new IssuerConfig(issuer.get(), keys.get()));
                } catch (KeyLoadException e) {
                    for (KeyLoadException.Problem problem : e.problems()) {
                        f.problem(p + ".keys", problem.toString());
                    }
                }
            }
        }
        return out;
    }

    /** Accepts the AIF-MQTT scope as a JSON array (CONTRACT.md) or as a string holding one. */
    private static Optional<String> anonymousScope(JsonNode ace, JsonFields f) {
        JsonNode node = ace.get("anonymousScope");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String text = node.isTextual() ? node.asText() : node.toString();
        try {
            AifScope.parseJson(text);
            return Optional.of(text);
        } catch (ScopeFormatException e) {
            f.problem("ace.anonymousScope", "not a valid AIF-MQTT scope: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** RFC 9431 §2.4.1: the hint object must carry "AS"; it is sent verbatim as the ace_as_hint User Property. */
    private static Optional<String> asHint(JsonNode ace, JsonFields f) {
        Optional<JsonNode> hint = f.object(ace, "asHint", "ace", false);
        if (hint.isEmpty()) {
            return Optional.empty();
        }
        f.string(hint.get(), "AS", "ace.asHint", true);
        return Optional.of(hint.get().toString());
    }

    private static AdminConfig admin(JsonNode root, JsonFields f) {
        Optional<JsonNode> maybe = f.object(root, "admin", "", false);
        if (maybe.isEmpty()) {
            return new AdminConfig("127.0.0.1", 9090);
        }
        JsonNode node = maybe.get();
        f.rejectUnknownKeys(node, "admin", List.of("host", "port"));
        return new AdminConfig(f.string(node, "host", "admin", "0.0.0.0"), f.requiredPort(node, "port", "admin"));
    }

    private static LimitsConfig limits(JsonNode root, JsonFields f) {
        JsonNode node = f.object(root, "limits", "", false).orElse(JSON.createObjectNode());
        String p = "limits";
        f.rejectUnknownKeys(node, p, List.of("maxPacketSize", "connectTimeoutSeconds", "maxUnauthenticatedConnections",
                "topicAliasMaximum", "drainSeconds", "maxSessionExpirySeconds"));
        // 268,435,455 is the largest MQTT Remaining Length; the default leaves room for a 4 MiB payload.
        int maxPacket = f.integer(node, "maxPacketSize", p, 4 * 1024 * 1024 + 1024, 1024, 268_435_455);
        int connectTimeout = f.integer(node, "connectTimeoutSeconds", p, 5, 1, 120);
        int maxUnauth = f.integer(node, "maxUnauthenticatedConnections", p, 1000, 1, 1_000_000);
        int aliasMax = f.integer(node, "topicAliasMaximum", p, 64, 0, 65535);
        int drain = f.integer(node, "drainSeconds", p, 10, 0, 600);
        int maxSessionExpiry = f.integer(node, "maxSessionExpirySeconds", p, -1, -1, Integer.MAX_VALUE);
        return new LimitsConfig(maxPacket, Duration.ofSeconds(connectTimeout), maxUnauth, aliasMax, Duration.ofSeconds(drain),
                maxSessionExpiry);
    }

    private static LoggingConfig logging(JsonNode root, JsonFields f) {
        JsonNode node = f.object(root, "logging", "", false).orElse(JSON.createObjectNode());
        f.rejectUnknownKeys(node, "logging", List.of("format", "level"));
        String format = f.string(node, "format", "logging", "text");
        LoggingConfig.Format parsed = LoggingConfig.Format.TEXT;
        if (format.equals("json")) {
            parsed = LoggingConfig.Format.JSON;
        } else if (!format.equals("text")) {
            f.problem("logging.format", "must be \"text\" or \"json\"");
        }
        String level = f.string(node, "level", "logging", "info");
        if (!List.of("error", "warn", "info", "debug", "trace").contains(level)) {
            f.problem("logging.level", "must be one of error, warn, info, debug, trace");
        }
        return new LoggingConfig(parsed, level);
    }

    private static void checkPortsDistinct(List<ListenerConfig> listeners, AdminConfig admin, JsonFields f) {
        for (int i = 0; i < listeners.size(); i++) {
            int port = listeners.get(i).port();
            if (port != 0 && admin != null && port == admin.port()) {
                f.problem("listeners[" + i + "].port", "same port as admin.port (" + port + ")");
            }
            for (int j = 0; j < i; j++) {
                if (port != 0 && port == listeners.get(j).port() && listeners.get(i).host().equals(listeners.get(j).host())) {
                    f.problem("listeners[" + i + "].port", "same host and port as listeners[" + j + "]");
                }
            }
        }
    }
}

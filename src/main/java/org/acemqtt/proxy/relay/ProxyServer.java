package org.acemqtt.proxy.relay;

import io.netty.handler.ssl.SslContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import java.time.Clock;
import org.acemqtt.proxy.admin.AdminServer;
import org.acemqtt.proxy.auth.ConnectAuthenticator;
import org.acemqtt.proxy.auth.StoredTokenPskResolver;
import org.acemqtt.proxy.auth.StoredTokenRpkVerifier;
import org.acemqtt.proxy.auth.TokenAuthority;
import org.acemqtt.proxy.token.keys.KeyLoadException;
import org.acemqtt.proxy.admin.Readiness;
import org.acemqtt.proxy.config.AceConfig;
import org.acemqtt.proxy.config.ListenerConfig;
import org.acemqtt.proxy.reload.MaterialWatcher;
import org.acemqtt.proxy.reload.Reloadable;
import org.acemqtt.proxy.revocation.RevocationPoller;
import org.acemqtt.proxy.config.ProxyConfig;
import org.acemqtt.proxy.config.TlsConfig;
import org.acemqtt.proxy.metrics.ProxyMetrics;
import org.acemqtt.proxy.scope.AifScope;
import org.acemqtt.proxy.scope.ScopeFormatException;
import org.acemqtt.proxy.tls.TlsServerSettings;
import org.acemqtt.proxy.tls.TlsSettingsException;
import org.acemqtt.proxy.tls.UpstreamTlsContexts;

/**
 * The running proxy: Vert.x event loops, one {@link ClientListener} per configured listener (its sockets spread over the
 * event loops), the admin server, and the drain on shutdown. Start with {@link #start(ProxyConfig)}; everything it needs is loaded before the first
 * socket is accepted (BouncyCastle's TLS callbacks run synchronously on the event loop).
 */
public final class ProxyServer {
    private static final Logger LOG = Logger.getLogger(ProxyServer.class.getName());

    private final ProxyConfig config;
    private final Vertx vertx;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final List<ClientListener> listeners = new ArrayList<>();
    private final List<Integer> listenerPorts = new ArrayList<>();
    private final Readiness readiness;
    private final List<Reloadable> reloadables = new ArrayList<>();
    private MaterialWatcher watcher;
    private RevocationPoller revocationPoller;
    private AdminServer admin;
    /** How often certificate and key files are checked for a changed content. */
    static final long RELOAD_CHECK_MILLIS = 2_000;

    private ProxyServer(ProxyConfig config) {
        this.config = config;
        this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)
                .setEventLoopPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors())));
        this.readiness = new Readiness(vertx, config.upstream(),
                config.ace().introspection().map(AceConfig.Introspection::endpoint));
    }

    /** Loads key material, binds every listener and the admin port; fails (and releases everything) if any fails. */
    public static ProxyServer start(ProxyConfig config) throws StartupException {
        ProxyServer server = new ProxyServer(config);
        try {
            server.bind();
            return server;
        } catch (StartupException e) {
            server.stop(Duration.ZERO);
            throw e;
        }
    }

    private void bind() throws StartupException {
        TokenAuthority tokens = tokenAuthority();
        if (config.ace().revocation().isPresent()) {
            // draft-ietf-ace-revoked-token-notification: polled from now on; the first answer is not awaited (an AS
            // that is down must not keep the proxy from starting), new connections are checked as soon as it arrives.
            revocationPoller = new RevocationPoller(vertx, config.ace().revocation().get(), tokens.revocations(),
                    metrics, registry::revokeListed);
            revocationPoller.start();
            LOG.info(() -> "Token Revocation List " + config.ace().revocation().get().endpoint() + " polled every "
                    + config.ace().revocation().get().pollSeconds() + " s");
        }
        AtomicReference<ConnectAuthenticator> authenticator =
                new AtomicReference<>(new ConnectAuthenticator(tokens, anonymousScope()));
        UploadRateLimiter uploadLimiter = new UploadRateLimiter();
        SubscriptionMemory subscriptions = new SubscriptionMemory();
        AtomicInteger unauthenticated = new AtomicInteger();
        UpstreamConnector connector = new UpstreamConnector(config.upstream(), config.limits(), upstreamTls());
        for (int i = 0; i < config.listeners().size(); i++) {
            ListenerConfig listener = config.listeners().get(i);
            Optional<TlsServerSettings> loaded = tlsSettings(listener, i, tokens);
            AtomicReference<TlsServerSettings> tls = new AtomicReference<>(loaded.orElse(null));
            if (loaded.isPresent()) {
                int index = i;
                reloadables.add(reloadable("tls:" + listener.name(), List.of(listener.tls().get().certificate(),
                        listener.tls().get().privateKey()), () -> tls.set(tlsSettings(listener, index, tokens).orElseThrow())));
            }
            RelayContext context = new RelayContext(listener.name(), config.upstream(), config.ace(), config.limits(),
                    metrics, connector, authenticator, unauthenticated, registry, uploadLimiter, subscriptions);
            ClientListener bound = await(ClientListener.bind((VertxInternal) vertx, listener, context, tls),
                    "listeners[" + i + "]: cannot listen on " + listener.host() + ":" + listener.port());
            listeners.add(bound);
            int port = bound.actualPort();
            listenerPorts.add(port);
            LOG.info(() -> "listener " + listener.name() + " on " + listener.host() + ":" + port
                    + (loaded.isPresent() ? " (TLS " + loaded.get().protocols() + ")" : " (plain TCP, insecure)"));
        }
        if (!config.ace().issuers().isEmpty()) {
            reloadables.add(reloadable("issuers", config.ace().issuers().stream().map(AceConfig.IssuerConfig::keys).toList(),
                    () -> tokens.keys().replace(TokenAuthority.loadIssuers(config.ace()))));
        }
        watcher = new MaterialWatcher(vertx, reloadables, metrics);
        watcher.start(RELOAD_CHECK_MILLIS);
        readiness.listenersBound();
        admin = new AdminServer(vertx, config.admin(), metrics, readiness);
        await(admin.start(), "admin: cannot listen on " + config.admin().host() + ":" + config.admin().port());
        LOG.info(() -> "admin on " + config.admin().host() + ":" + admin.actualPort() + "; upstream "
                + config.upstream().host() + ":" + config.upstream().port());
    }

    private Optional<AifScope> anonymousScope() throws StartupException {
        if (config.ace().anonymousScope().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(AifScope.parseJson(config.ace().anonymousScope().get()));
        } catch (ScopeFormatException e) {
            throw new StartupException("ace.anonymousScope: " + e.getMessage());
        }
    }

    private TokenAuthority tokenAuthority() throws StartupException {
        try {
            return TokenAuthority.create(config.ace(), metrics, Clock.systemUTC(), vertx);
        } catch (KeyLoadException e) {
            throw new StartupException("ace.issuers: " + e.getMessage());
        }
    }

    private static Optional<TlsServerSettings> tlsSettings(ListenerConfig listener, int index, TokenAuthority tokens)
            throws StartupException {
        if (listener.tls().isEmpty()) {
            return Optional.empty();
        }
        TlsConfig tls = listener.tls().get();
        try {
            return Optional.of(TlsServerSettings.builder().certificate(tls.certificate()).privateKey(tls.privateKey())
                    .protocols(tls.protocols()).psk(tls.psk()).rawPublicKeys(tls.rawPublicKeys())
                    .handshakeTimeout(tls.handshakeTimeout())
                    .pskKeyResolver(new StoredTokenPskResolver(tokens))
                    .rawPublicKeyVerifier(new StoredTokenRpkVerifier(tokens)).load());
        } catch (TlsSettingsException e) {
            throw new StartupException("listeners[" + index + "].tls: " + e.getMessage());
        }
    }

    private Optional<SslContext> upstreamTls() throws StartupException {
        if (config.upstream().tls().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UpstreamTlsContexts.forUpstream(config.upstream().tls().get().trustStore().orElse(null), null, null));
        } catch (TlsSettingsException e) {
            throw new StartupException("upstream.tls: " + e.getMessage());
        }
    }

    private static <T> T await(Future<T> future, String failure) throws StartupException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StartupException(failure + ": " + cause.getMessage());
        }
    }

    /** SIGHUP: reload every certificate and key file now; a bad file is refused and the old material kept. */
    public void reload() {
        if (watcher != null) {
            watcher.reloadAll();
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private static Reloadable reloadable(String name, List<java.nio.file.Path> files, Action action) {
        return new Reloadable() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<java.nio.file.Path> files() {
                return files;
            }

            @Override
            public void reload() throws Exception {
                action.run();
            }
        };
    }

    public int listenerPort(int index) {
        return listenerPorts.get(index);
    }

    public int adminPort() {
        return admin.actualPort();
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    /**
     * Graceful drain (CONTRACT.md): stop accepting, DISCONNECT 0x8B to every client and a normal DISCONNECT upstream,
     * wait until the connections are gone or the drain time is up, then stop the event loops.
     */
    public void stop(Duration drain) {
        readiness.stopping();
        if (watcher != null) {
            watcher.stop();
        }
        if (revocationPoller != null) {
            awaitQuietly(revocationPoller.stop());
        }
        // The listeners keep accepting during the drain (new sockets are closed at once with the draining state), so
        // a client retrying meets a closed connection, not a refused port, until every client has had its DISCONNECT.
        registry.shutdownAll();
        long until = System.nanoTime() + drain.toNanos();
        while (registry.size() > 0 && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ClientListener listener : listeners) {
            awaitQuietly(listener.close());
        }
        if (admin != null) {
            awaitQuietly(admin.stop());
        }
        awaitQuietly(vertx.close());
    }

    private static void awaitQuietly(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.fine(() -> "while stopping: " + e);
        }
    }

    /** A proxy that could not start; the message starts with the config path it concerns. */
    public static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        public StartupException(String message) {
            super(message);
        }
    }
}

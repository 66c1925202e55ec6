package org.acemqtt.proxy.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.acemqtt.proxy.config.AdminConfig;
import org.acemqtt.proxy.metrics.ProxyMetrics;

/** The admin HTTP server: {@code /metrics} (Prometheus text), {@code /health/live}, {@code /health/ready}. */
public final class AdminServer {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final Vertx vertx;
    private final AdminConfig config;
    private final ProxyMetrics metrics;
    private final Readiness readiness;
    private HttpServer server;

    public AdminServer(Vertx vertx, AdminConfig config, ProxyMetrics metrics, Readiness readiness) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.readiness = readiness;
    }

    public Future<HttpServer> start() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()));
        server.requestHandler(this::handle);
        return server.listen();
    }

    public int actualPort() {
        return server.actualPort();
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        if (!"GET".equals(request.method().name()) && !"HEAD".equals(request.method().name())) {
            request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
            return;
        }
        switch (request.path()) {
            case "/metrics" -> request.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(metrics.scrape());
            case "/health/live" -> request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}");
            case "/health/ready" -> {
                boolean ready = readiness.isReady();
                request.response().setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "application/json")
                        .end("{\"status\":\"" + (ready ? "UP" : "DOWN") + "\",\"checks\":" + readiness.describe() + "}");
            }
            default -> request.response().setStatusCode(404).end();
        }
    }
}

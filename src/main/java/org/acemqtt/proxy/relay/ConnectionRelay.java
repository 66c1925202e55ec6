package org.acemqtt.proxy.relay;

import org.acemqtt.proxy.auth.DenyReason;
import org.acemqtt.proxy.auth.Grant;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection and its upstream leg: the connect phase, then the authorized relay of every packet in both
 * directions. Both legs run on one event loop and all state here is confined to it: no locks (STYLE.md).
 * Packet-level decisions live in {@link ClientPackets} and {@link BrokerPackets}; every ending goes through
 * {@link #close(DisconnectCause)}.
 */
final class ConnectionRelay {
    private static final Logger LOG = Logger.getLogger(ConnectionRelay.class.getName());
    /** RFC 9431 R-25: packets sent before CONNACK are held, never processed early; this bounds how many. */
    private static final int MAX_EARLY_PACKETS = 64;

    enum State { AWAITING_CONNECT, VERIFYING, AUTHENTICATING, CONNECTING_UPSTREAM, AWAITING_CONNACK, ESTABLISHED, CLOSED }

    final RelayContext context;
    final Channel client;
    private ChannelHandlerContext clientOut;
    Channel upstream;
    State state = State.AWAITING_CONNECT;
    int version = 4;
    String clientId = "";
    /** What the broker sees (equal to clientId unless upstream.clientIdPolicy is bind-to-key). */
    String upstreamClientId = "";
    Grant grant;
    TopicAliasTable clientAliases = new TopicAliasTable(0);
    final TopicAliasTable upstreamAliases = new TopicAliasTable(0);
    final SubscribeAuthorization subscribes = new SubscribeAuthorization();
    private final HeldPackets early = new HeldPackets(MAX_EARLY_PACKETS);
    private ScheduledFuture<?> deadline;
    private boolean unauthenticatedCounted;
    private boolean connackSent;
    /** True from accept until the TLS handshake completed (TLS listeners only); nothing can be written meanwhile. */
    boolean tlsHandshaking;
    private boolean clientFlushPending;
    private boolean upstreamFlushPending;
    private boolean clientReadWanted;
    private boolean upstreamReadWanted;
    private final ClientPackets clientPackets = new ClientPackets(this);
    private final BrokerPackets brokerPackets = new BrokerPackets(this);
    private final ConnectPhase connectPhase = new ConnectPhase(this);
    final SessionResumption resumption = new SessionResumption(this);
    /** What the broker sends (queued deliveries of a resumed session) while the CONNACK is held; bounded. */
    private final HeldPackets heldFromBroker = new HeldPackets(MAX_HELD_FROM_BROKER);
    private static final int MAX_HELD_FROM_BROKER = 10_000;
    final Reauthentication reauthentication = new Reauthentication(this);
    final AuthzInfoUploads authzInfo = new AuthzInfoUploads(this);
    final GrantExpiry expiry = new GrantExpiry(this);
    final RetainedCleanup retainedByThisClient = new RetainedCleanup();
    private final GrantRevocation revocation = new GrantRevocation(this);
    final TrafficCounter traffic = new TrafficCounter();
    private final long openedAtNanos = System.nanoTime();
    private long packetsIn;
    private long packetsOut;
    /** The CONNECT used Authentication Method "ace": AUTH packets are allowed later ([MQTT-4.12.0-7]). */
    boolean aceMethod;

    ConnectionRelay(RelayContext context, Channel client) {
        this.context = context;
        this.client = client;
    }

    /** Called on the event loop once the pipeline is installed. */
    void start(ChannelHandlerContext clientOut) {
        this.clientOut = clientOut;
        unauthenticatedCounted = true;
        if (context.unauthenticated.incrementAndGet() > context.limits.maxUnauthenticatedConnections()) {
            LOG.warning(() -> "refusing " + client.remoteAddress() + ": too many unauthenticated connections");
            close(DisconnectCause.TOO_MANY_CONNECTIONS);
            return;
        }
        if (context.registry.isDraining()) {
            close(DisconnectCause.SHUTDOWN);
            return;
        }
        context.registry.add(this);
        deadline = client.eventLoop().schedule(this::onDeadline, context.limits.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        client.read();
    }

    // ---- client leg ------------------------------------------------------------------------------------------

    void onClientPacket(MqttMessage msg) {
        packetsIn++;
        if (state == State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            MalformedPackets.onClientFailure(this, msg.decoderResult().cause(), connackSent);
            return;
        }
        switch (state) {
            case AWAITING_CONNECT -> {
                if (msg.fixedHeader().messageType() != MqttMessageType.CONNECT) {
                    // [MQTT-3.1.0-1]: the first packet must be CONNECT.
                    ReferenceCountUtil.release(msg);
                    close(DisconnectCause.PROTOCOL_ERROR);
                } else {
                    onConnect((MqttConnectMessage) msg);
                }
            }
            case AUTHENTICATING -> {
                Grant granted = connectPhase.onChallengePacket(msg);
                if (granted != null) {
                    connectUpstream(granted);
                }
            }
            case VERIFYING, CONNECTING_UPSTREAM, AWAITING_CONNACK -> holdEarly(msg);
            case ESTABLISHED -> clientPackets.route(msg);
            default -> ReferenceCountUtil.release(msg);
        }
    }

    private void holdEarly(MqttMessage msg) {
        if (msg.fixedHeader().messageType() == MqttMessageType.DISCONNECT) {
            close(DisconnectCause.CLIENT);
        } else if (!early.offer(msg)) {
            ReferenceCountUtil.release(msg);
            close(DisconnectCause.PROTOCOL_ERROR);
        }
    }

    private void onConnect(MqttConnectMessage msg) {
        version = msg.variableHeader().version();
        clientId = msg.payload().clientIdentifier();
        Grant granted = connectPhase.onConnect(msg);
        aceMethod = connectPhase.usedAceMethod();
        if (granted != null) {
            connectUpstream(granted);
        }
    }

    void connectUpstream(Grant granted) {
        grant = granted;
        upstreamClientId = UpstreamClientIds.of(context.upstream.clientIdPolicy(), granted, clientId);
        if (connectPhase.connect().variableHeader().isCleanSession()) {
            // Clean Start / Clean Session: the broker discards the session, and with it what was granted in it.
            context.subscriptions.forget(upstreamClientId);
        }
        // Before the broker sees the new CONNECT, so that the old client hears 0x8E from the proxy rather
        // than whatever the broker does to the old upstream leg.
        context.registry.claimClientId(upstreamClientId, this);
        clientAliases = new TopicAliasTable(version == 5 ? context.limits.topicAliasMaximum() : 0);
        state = State.CONNECTING_UPSTREAM;
        context.connector.connect(client, this).addListener((ChannelFuture f) -> onUpstreamConnected(f));
    }

    /** Refuses the CONNECT with a CONNACK (RFC 9431 §2.4.1) and closes ([MQTT-3.2.2-7]). */
    void refuse(DenyReason reason) {
        LOG.info(() -> "refused CONNECT from " + client.remoteAddress() + " client=" + clientId + ": " + reason.message());
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (version == 5 && (reason == DenyReason.NO_TOKEN || reason == DenyReason.TOKEN_INVALID)) {
            properties = AsHint.properties(context.ace, connectPhase.clientMaximumPacketSize());
        }
        int code = version == 5 ? reason.v5Code(context.notAuthorizedCode()) : reason.v3ConnackCode();
        sendConnackAndClose(code, properties, DisconnectCause.CONNECT_REFUSED);
    }

    void sendConnackAndClose(int code, MqttProperties properties, DisconnectCause cause) {
        if (client.isActive()) {
            clientOut.writeAndFlush(MqttPackets.connack(code, false, properties));
        }
        close(cause);
    }

    void onClientReadComplete() {
        flush();
        if (state == State.AWAITING_CONNECT || state == State.AUTHENTICATING) {
            client.read();
        } else if (state == State.ESTABLISHED) {
            if (upstream.isWritable()) {
                client.read();
            } else {
                clientReadWanted = true;
            }
        }
    }

    void onClientWritabilityChanged() {
        if (client.isWritable() && upstreamReadWanted && state == State.ESTABLISHED) {
            upstreamReadWanted = false;
            upstream.read();
        }
    }

    void onClientInactive() {
        close(DisconnectCause.CLIENT_CONNECTION_LOST);
    }

    void onClientException(Throwable cause) {
        LOG.log(Level.FINE, cause, () -> "client " + client.remoteAddress() + " failed");
        close(cause instanceof java.io.IOException ? DisconnectCause.CLIENT_CONNECTION_LOST : DisconnectCause.INTERNAL_ERROR);
    }

    void onClientEvent(Object event) {
        TlsEvents.onClientEvent(this, event);
    }

    private void onDeadline() {
        if (state == State.VERIFYING || (state == State.AUTHENTICATING && connectPhase.challengeOpen())) {
            connectPhase.onTimeout();
        } else if (state != State.ESTABLISHED && state != State.CLOSED) {
            LOG.info(() -> "closing " + client.remoteAddress() + ": no completed CONNECT within "
                    + context.limits.connectTimeout().toSeconds() + " s");
            close(DisconnectCause.CONNECT_TIMEOUT);
        }
    }

    // ---- upstream leg ----------------------------------------------------------------------------------------

    private void onUpstreamConnected(ChannelFuture future) {
        if (state == State.CLOSED) {
            future.channel().close();
            return;
        }
        if (!future.isSuccess()) {
            context.metrics.upstreamConnectFailures().increment();
            LOG.warning(() -> "upstream " + context.upstream.host() + ":" + context.upstream.port()
                    + " unavailable: " + future.cause());
            refuseUnavailable(DisconnectCause.UPSTREAM_UNAVAILABLE);
            return;
        }
        upstream = future.channel();
        state = State.AWAITING_CONNACK;
        upstream.writeAndFlush(MqttRewrites.upstreamConnect(connectPhase.connect(), context.upstream,
                context.limits.maxPacketSize(), upstreamClientId, context.limits.maxSessionExpirySeconds()));
        upstream.read();
    }

    /** CONNACK 0x88 Server unavailable (v3.1.1: 0x03) while the client still waits for its CONNACK. */
    void refuseUnavailable(DisconnectCause cause) {
        sendConnackAndClose(version == 5 ? 0x88 : 0x03, MqttProperties.NO_PROPERTIES, cause);
    }

    void onUpstreamPacket(MqttMessage msg) {
        if (state == State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            LOG.warning(() -> "malformed packet from upstream: " + msg.decoderResult().cause());
            upstreamFailed(DisconnectCause.UPSTREAM_PROTOCOL_ERROR);
            return;
        }
        if (state == State.AWAITING_CONNACK && resumption.holding()) {
            holdFromBroker(msg);
        } else if (state == State.AWAITING_CONNACK) {
            if (msg.fixedHeader().messageType() != MqttMessageType.CONNACK) {
                ReferenceCountUtil.release(msg);
                upstreamFailed(DisconnectCause.UPSTREAM_PROTOCOL_ERROR);
            } else {
                onUpstreamConnack((MqttConnAckMessage) msg);
            }
        } else {
            brokerPackets.route(msg);
        }
    }

    private void onUpstreamConnack(MqttConnAckMessage connack) {
        int code = connack.variableHeader().connectReturnCode().byteValue() & 0xFF;
        if (code != 0) {
            // The broker refused the proxy's CONNECT. Credential refusals mean the proxy's own upstream credentials
            // are wrong: the client hears "server unavailable", the operator gets the real code in the log.
            LOG.warning(() -> "upstream refused CONNECT of client=" + clientId + " with code 0x" + Integer.toHexString(code));
            boolean credentials = code == 0x04 || code == 0x05 || code == 0x86 || code == 0x87 || code == 0x8C;
            int forwarded = credentials ? (version == 5 ? 0x88 : 0x03) : code;
            sendConnackAndClose(forwarded, MqttProperties.NO_PROPERTIES, DisconnectCause.UPSTREAM_REFUSED);
            return;
        }
        if (resumption.holdConnack(connack)) {
            // Re-authorizing a resumed session first: the broker's UNSUBACK releases the CONNACK.
            flush();
            upstream.read();
            return;
        }
        completeConnack(connack);
    }

    /** Sends the client its successful CONNACK and opens the relay. */
    void completeConnack(MqttConnAckMessage connack) {
        connackSent = true;
        state = State.ESTABLISHED;
        cancelDeadline();
        leaveUnauthenticated();
        expiry.arm(grant);
        context.registry.bindHolder(grant, this);
        context.active.incrementAndGet();
        context.metrics.connection(context.listener, "accepted").increment();
        // [MQTT-4.12.0-5]: a successful CONNACK repeats the Authentication Method, and only then (-6).
        MqttProperties extra = connectPhase.usedAceMethod() ? AuthPackets.aceMethod() : new MqttProperties();
        long requested = MqttRewrites.sessionExpiry(connectPhase.connect().variableHeader().properties());
        long cap = context.limits.maxSessionExpirySeconds();
        if (version == 5 && cap >= 0 && requested > cap) {
            // MQTT v5 §3.2.2.3.2: the server tells the client the Session Expiry Interval it actually uses.
            extra.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) cap));
        }
        writeToClient(MqttRewrites.clientConnack(connack, version, clientAliases.maximum(), context.limits.maxPacketSize(), extra));
        LOG.info(() -> "connected " + client.remoteAddress() + " client=" + clientId + " grant=" + grant.method()
                + (grant.subject().isEmpty() ? "" : " sub=" + grant.subject()) + " v" + version);
        connectPhase.forgetConnect();
        // Also catches a token listed by a poll that ran between its verification and bindHolder above (the walk
        // of that poll, ConnectionRegistry.revokeListed, could not see this connection).
        revocation.arm(grant);
        if (state != State.ESTABLISHED) {
            return;
        }
        while (!heldFromBroker.isEmpty() && state == State.ESTABLISHED) {
            brokerPackets.route(heldFromBroker.poll());
        }
        while (!early.isEmpty() && state == State.ESTABLISHED) {
            clientPackets.route(early.poll());
        }
        if (state == State.ESTABLISHED) {
            flush();
            client.read();
            upstream.read();
        }
    }

    private void holdFromBroker(MqttMessage msg) {
        if (msg.fixedHeader().messageType() == MqttMessageType.UNSUBACK && resumption.onUnsuback(msg)) {
            return;
        }
        if (!heldFromBroker.offer(msg)) {
            ReferenceCountUtil.release(msg);
            upstreamFailed(DisconnectCause.UPSTREAM_PROTOCOL_ERROR);
        }
    }

    void onUpstreamReadComplete() {
        flush();
        if (state == State.AWAITING_CONNACK) {
            upstream.read();
        } else if (state == State.ESTABLISHED) {
            if (client.isWritable()) {
                upstream.read();
            } else {
                upstreamReadWanted = true;
            }
        }
    }

    void onUpstreamWritabilityChanged() {
        if (upstream.isWritable() && clientReadWanted && state == State.ESTABLISHED) {
            clientReadWanted = false;
            client.read();
        }
    }

    void onUpstreamInactive() {
        if (state == State.CLOSED) {
            return;
        }
        LOG.info(() -> "upstream closed the connection of client=" + clientId);
        upstreamFailed(DisconnectCause.UPSTREAM_CLOSED);
    }

    void onUpstreamException(Throwable cause) {
        LOG.log(Level.FINE, cause, () -> "upstream leg of client=" + clientId + " failed");
        upstreamFailed(DisconnectCause.UPSTREAM_CLOSED);
    }

    /** The broker leg broke: before CONNACK the client hears "server unavailable", after it a DISCONNECT. */
    void upstreamFailed(DisconnectCause cause) {
        if (connackSent) {
            close(cause);
        } else {
            refuseUnavailable(cause);
        }
    }

    // ---- writing, flushing, closing ------------------------------------------------------------------------

    void writeToClient(Object msg) {
        packetsOut++;
        clientOut.write(msg, clientOut.voidPromise());
        clientFlushPending = true;
    }

    void writeAndFlushToClient(Object msg) {
        clientOut.writeAndFlush(msg, clientOut.voidPromise());
    }

    void writeToUpstream(Object msg) {
        upstream.write(msg, upstream.voidPromise());
        upstreamFlushPending = true;
    }

    /** Flushes what an asynchronous step wrote to the client outside a read cycle. */
    void flushClient() {
        flush();
    }

    private void flush() {
        if (clientFlushPending) {
            clientFlushPending = false;
            clientOut.flush();
        }
        if (upstreamFlushPending && upstream != null) {
            upstreamFlushPending = false;
            upstream.flush();
        }
    }

    /** Replaces the grant after re-authentication or a superseding token (RFC 9431 §4, RFC 9200 §5.10.1). */
    void replaceGrant(Grant next) {
        context.registry.unbindHolder(grant, this);
        grant = next;
        context.registry.bindHolder(next, this);
        expiry.arm(next);
        revocation.arm(next);
    }

    /** The grant's token is listed in the Token Revocation List: DISCONNECT 0x87 and close. */
    void revokedByList() {
        revocation.onListed();
    }

    /** A newer token for this connection's PoP key arrived on authz-info: its scope and expiry apply from now on. */
    void supersede(org.acemqtt.proxy.token.AccessToken token) {
        if (state != State.ESTABLISHED || grant.token() == null
                || java.util.Arrays.equals(grant.token().tokenSha256(), token.tokenSha256())) {
            return;
        }
        replaceGrant(Grant.fromToken(token, grant.method(), grant.reauthenticable()));
        LOG.info(() -> "client=" + clientId + " grant superseded by a newer token from authz-info; scope " + grant.scope());
    }

    boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    /** SIGTERM drain (CONTRACT.md): DISCONNECT 0x8B to the client, a normal DISCONNECT to the broker. */
    void shutdown() {
        client.eventLoop().execute(() -> close(DisconnectCause.SHUTDOWN));
    }

    /** The one way a relay ends (HiveMQ's MqttServerDisconnector): metric, log, the right last packet, close. */
    void close(DisconnectCause cause) {
        if (state == State.CLOSED) {
            return;
        }
        State previous = state;
        state = State.CLOSED;
        expiry.cancel();
        revocation.cancel();
        context.metrics.disconnect(cause.metricTag()).increment();
        cancelDeadline();
        leaveUnauthenticated();
        context.registry.remove(this);
        context.registry.releaseClientId(upstreamClientId, this);
        context.registry.unbindHolder(grant, this);
        if (previous == State.ESTABLISHED) {
            context.active.decrementAndGet();
        } else {
            context.metrics.connection(context.listener, "rejected").increment();
        }
        early.releaseAll();
        heldFromBroker.releaseAll();
        connectPhase.forgetConnect();
        // One access-log line per connection (issue 6): who, how long, how much, why it ended.
        LOG.info(() -> "closed " + client.remoteAddress() + " listener=" + context.listener + " client=" + clientId
                + (grant == null ? "" : " grant=" + grant.method() + (grant.subject().isEmpty() ? "" : " sub=" + grant.subject()))
                + " duration_ms=" + (System.nanoTime() - openedAtNanos) / 1_000_000 + " bytes_in=" + traffic.bytesIn
                + " bytes_out=" + traffic.bytesOut + " packets_in=" + packetsIn + " packets_out=" + packetsOut
                + " reason=" + cause.metricTag());
        Disconnects.closeClient(this, clientOut, cause, connackSent);
        Disconnects.closeUpstream(upstream, cause, version);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void leaveUnauthenticated() {
        if (unauthenticatedCounted) {
            unauthenticatedCounted = false;
            context.unauthenticated.decrementAndGet();
        }
    }
}

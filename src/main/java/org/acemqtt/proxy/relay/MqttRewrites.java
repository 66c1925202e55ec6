package org.acemqtt.proxy.relay;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Set;
import org.acemqtt.proxy.config.UpstreamConfig;

/**
 * The packets the proxy changes on their way through: CONNECT loses the client's credentials and authentication
 * data (CONTRACT.md: never forwarded) and carries the proxy's upstream credentials; CONNACK advertises the proxy's own
 * limits; a PUBLISH that used a Topic Alias is forwarded with its full Topic Name.
 */
final class MqttRewrites {
    private static final Set<Integer> CONNECT_DROPPED = Set.of(MqttProperties.AUTHENTICATION_METHOD,
            MqttProperties.AUTHENTICATION_DATA, MqttProperties.TOPIC_ALIAS_MAXIMUM, MqttProperties.MAXIMUM_PACKET_SIZE);
    private static final Set<Integer> CONNACK_DROPPED = Set.of(MqttProperties.AUTHENTICATION_METHOD,
            MqttProperties.AUTHENTICATION_DATA, MqttProperties.TOPIC_ALIAS_MAXIMUM, MqttProperties.MAXIMUM_PACKET_SIZE);
    private static final Set<Integer> PUBLISH_DROPPED = Set.of(MqttProperties.TOPIC_ALIAS);

    private MqttRewrites() {
    }

    /**
     * The CONNECT sent upstream. Topic Alias Maximum is dropped so that the broker never aliases towards the proxy;
     * Maximum Packet Size becomes the smaller of the client's and the proxy's, so that the broker discards what
     * neither could take ([MQTT-3.1.2-25]) instead of the proxy having to.
     */
    static MqttConnectMessage upstreamConnect(MqttConnectMessage connect, UpstreamConfig upstream, int maxPacketSize) {
        return upstreamConnect(connect, upstream, maxPacketSize, connect.payload().clientIdentifier(), -1);
    }

    /**
     * @param clientId           the identifier the broker sees ({@link UpstreamClientIds})
     * @param maxSessionExpiry   the cap on Session Expiry Interval (RFC 9431 §2.2.4.1 / R-32), or -1 for none
     */
    static MqttConnectMessage upstreamConnect(MqttConnectMessage connect, UpstreamConfig upstream, int maxPacketSize,
                                              String clientId, long maxSessionExpiry) {
        MqttConnectVariableHeader h = connect.variableHeader();
        MqttConnectPayload p = connect.payload();
        MqttProperties properties = copyWithout(h.properties(), CONNECT_DROPPED);
        if (h.version() == 5) {
            MqttProperties.MqttProperty<?> clientMax = h.properties().getProperty(MqttProperties.MAXIMUM_PACKET_SIZE);
            int max = clientMax == null ? maxPacketSize : Math.min((Integer) clientMax.value(), maxPacketSize);
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, max));
            long requested = sessionExpiry(h.properties());
            if (maxSessionExpiry >= 0 && requested > maxSessionExpiry) {
                properties = copyWithout(properties, Set.of(MqttProperties.SESSION_EXPIRY_INTERVAL));
                properties.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) maxSessionExpiry));
            }
        }
        boolean hasUser = upstream.username().isPresent();
        boolean hasPassword = upstream.password().isPresent();
        MqttConnectVariableHeader header = new MqttConnectVariableHeader(h.name(), h.version(), hasUser, hasPassword,
                h.isWillRetain(), h.willQos(), h.isWillFlag(), h.isCleanSession(), h.keepAliveTimeSeconds(), properties);
        MqttConnectPayload payload = new MqttConnectPayload(clientId, p.willProperties(), p.willTopic(),
                p.willMessageInBytes(), upstream.username().orElse(null), upstream.password().orElse(null));
        return new MqttConnectMessage(connect.fixedHeader(), header, payload);
    }

    /** The CONNACK sent to the client: the proxy's Topic Alias Maximum and the smaller Maximum Packet Size. */
    static MqttConnAckMessage clientConnack(MqttConnAckMessage connack, int version, int topicAliasMaximum,
                                            int maxPacketSize, MqttProperties extra) {
        if (version != 5) {
            return MqttPackets.connack(connack.variableHeader().connectReturnCode().byteValue() & 0xFF,
                    connack.variableHeader().isSessionPresent(), MqttProperties.NO_PROPERTIES);
        }
        MqttProperties brokerProps = connack.variableHeader().properties();
        MqttProperties properties = copyWithout(brokerProps, CONNACK_DROPPED);
        MqttProperties.MqttProperty<?> brokerMax = brokerProps.getProperty(MqttProperties.MAXIMUM_PACKET_SIZE);
        int max = brokerMax == null ? maxPacketSize : Math.min((Integer) brokerMax.value(), maxPacketSize);
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, max));
        if (topicAliasMaximum > 0) {
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, topicAliasMaximum));
        }
        for (MqttProperties.MqttProperty<?> property : extra.listAll()) {
            properties.add(property);
        }
        return MqttPackets.connack(connack.variableHeader().connectReturnCode().byteValue() & 0xFF,
                connack.variableHeader().isSessionPresent(), properties);
    }

    /** The same PUBLISH (payload shared, not copied) with its full Topic Name and without the alias. */
    static MqttPublishMessage withTopic(MqttPublishMessage publish, String topic) {
        MqttFixedHeader f = publish.fixedHeader();
        MqttPublishVariableHeader v = publish.variableHeader();
        MqttPublishVariableHeader header = new MqttPublishVariableHeader(topic, v.packetId(),
                copyWithout(v.properties(), PUBLISH_DROPPED));
        MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.PUBLISH, f.isDup(), f.qosLevel(), f.isRetain(), 0);
        return new MqttPublishMessage(fixed, header, publish.payload());
    }

    /**
     * RFC 9431 §5: a retained message must not outlive its publisher's token, so its Message Expiry Interval
     * is capped at the token's remaining lifetime (MQTT v5 §3.3.2.3.3; the broker then discards it). Returns the
     * PUBLISH to forward: {@code publish} itself when nothing needs to change.
     */
    static MqttPublishMessage capRetainedExpiry(MqttPublishMessage publish, String topic, long remainingSeconds) {
        MqttProperties.MqttProperty<?> current = publish.variableHeader().properties()
                .getProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
        long requested = current == null ? Long.MAX_VALUE : Integer.toUnsignedLong((Integer) current.value());
        if (requested <= remainingSeconds && !TopicAliasTable.hasAlias(publish)) {
            return publish;
        }
        MqttPublishMessage rewritten = withTopic(publish, topic);
        MqttProperties properties = copyWithout(rewritten.variableHeader().properties(),
                Set.of(MqttProperties.PUBLICATION_EXPIRY_INTERVAL));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL,
                (int) Math.min(requested, Math.max(1, remainingSeconds))));
        return new MqttPublishMessage(rewritten.fixedHeader(),
                new MqttPublishVariableHeader(topic, rewritten.variableHeader().packetId(), properties), rewritten.payload());
    }

    /** Session Expiry Interval of a CONNECT (Four Byte Integer, unsigned; absent = 0). */
    static long sessionExpiry(MqttProperties properties) {
        MqttProperties.MqttProperty<?> p = properties.getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL);
        return p == null ? 0 : Integer.toUnsignedLong((Integer) p.value());
    }

    static boolean isQos0(MqttPublishMessage publish) {
        return publish.fixedHeader().qosLevel() == MqttQoS.AT_MOST_ONCE;
    }

    static MqttProperties copyWithout(MqttProperties source, Set<Integer> dropped) {
        MqttProperties copy = new MqttProperties();
        for (MqttProperties.MqttProperty<?> property : source.listAll()) {
            if (!dropped.contains(property.propertyId())) {
                copy.add(property);
            }
        }
        return copy;
    }
}

package org.acemqtt.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.acemqtt.proxy.config.UpstreamConfig;
import org.junit.jupiter.api.Test;

class MqttRewritesTest {
    private static final UpstreamConfig UPSTREAM = new UpstreamConfig("127.0.0.1", 1883, Optional.of("proxy"),
            Optional.of("upstream-secret".getBytes(StandardCharsets.UTF_8)), Optional.empty(), Duration.ofSeconds(5),
            UpstreamConfig.ClientIdPolicy.PASSTHROUGH);

    private static MqttConnectMessage clientConnect() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.AUTHENTICATION_METHOD, "ace"));
        properties.add(new MqttProperties.BinaryProperty(MqttProperties.AUTHENTICATION_DATA, new byte[] {0, 1, 9}));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, 10));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, 1_000_000_000));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, 300));
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, 20));
        properties.add(new MqttProperties.UserProperty("app", "x"));
        return MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId("device-1")
                .cleanSession(false).keepAlive(30).willFlag(true).willTopic("status/device-1").willQoS(MqttQoS.AT_LEAST_ONCE)
                .willMessage("offline".getBytes(StandardCharsets.UTF_8)).willRetain(true)
                .username("ace-client-user").password(new byte[] {7, 7, 7}).properties(properties).build();
    }

    @Test
    void theUpstreamConnectCarriesNoClientCredentialsOrAuthenticationData() {
        MqttConnectMessage upstream = MqttRewrites.upstreamConnect(clientConnect(), UPSTREAM, 65536);
        MqttProperties properties = upstream.variableHeader().properties();
        assertThat(properties.getProperty(MqttProperties.AUTHENTICATION_METHOD)).isNull();
        assertThat(properties.getProperty(MqttProperties.AUTHENTICATION_DATA)).isNull();
        assertThat(properties.getProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM)).isNull();
        assertThat(upstream.payload().userName()).isEqualTo("proxy");
        assertThat(upstream.payload().passwordInBytes()).isEqualTo("upstream-secret".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everythingElseOfTheConnectSurvives() {
        MqttConnectMessage upstream = MqttRewrites.upstreamConnect(clientConnect(), UPSTREAM, 65536);
        assertThat(upstream.payload().clientIdentifier()).isEqualTo("device-1");
        assertThat(upstream.variableHeader().isCleanSession()).isFalse();
        assertThat(upstream.variableHeader().keepAliveTimeSeconds()).isEqualTo(30);
        assertThat(upstream.variableHeader().isWillFlag()).isTrue();
        assertThat(upstream.variableHeader().isWillRetain()).isTrue();
        assertThat(upstream.variableHeader().willQos()).isEqualTo(1);
        assertThat(upstream.payload().willTopic()).isEqualTo("status/device-1");
        assertThat(upstream.payload().willMessageInBytes()).isEqualTo("offline".getBytes(StandardCharsets.UTF_8));
        MqttProperties properties = upstream.variableHeader().properties();
        assertThat(properties.getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL).value()).isEqualTo(300);
        assertThat(properties.getProperty(MqttProperties.RECEIVE_MAXIMUM).value()).isEqualTo(20);
        assertThat(properties.getProperties(MqttProperties.USER_PROPERTY)).hasSize(1);
        // The broker may send at most what both the client and the proxy accept ([MQTT-3.1.2-24]).
        assertThat(properties.getProperty(MqttProperties.MAXIMUM_PACKET_SIZE).value()).isEqualTo(65536);
    }

    @Test
    void withoutUpstreamCredentialsTheConnectHasNone() {
        UpstreamConfig anonymous = new UpstreamConfig("127.0.0.1", 1883, Optional.empty(), Optional.empty(),
                Optional.empty(), Duration.ofSeconds(5), UpstreamConfig.ClientIdPolicy.PASSTHROUGH);
        MqttConnectMessage upstream = MqttRewrites.upstreamConnect(clientConnect(), anonymous, 65536);
        assertThat(upstream.variableHeader().hasUserName()).isFalse();
        assertThat(upstream.variableHeader().hasPassword()).isFalse();
        assertThat(upstream.payload().passwordInBytes()).isNull();
    }

    @Test
    void theClientConnackAdvertisesTheProxysLimits() {
        MqttProperties broker = new MqttProperties();
        broker.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, 10));
        broker.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, 1000));
        broker.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, 20));
        broker.add(new MqttProperties.StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, "auto-1"));
        MqttConnAckMessage connack = MqttRewrites.clientConnack(MqttPackets.connack(0, true, broker), 5, 64, 65536,
                MqttProperties.NO_PROPERTIES);
        MqttProperties properties = connack.variableHeader().properties();
        assertThat(properties.getProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM).value()).isEqualTo(64);
        assertThat(properties.getProperty(MqttProperties.MAXIMUM_PACKET_SIZE).value()).isEqualTo(1000);
        assertThat(properties.getProperty(MqttProperties.RECEIVE_MAXIMUM).value()).isEqualTo(20);
        assertThat(properties.getProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER).value()).isEqualTo("auto-1");
        assertThat(connack.variableHeader().isSessionPresent()).isTrue();
    }

    @Test
    void aResolvedAliasIsForwardedAsTheFullTopicSharingThePayload() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS, 2));
        properties.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "text/plain"));
        MqttPublishMessage original = MqttMessageBuilders.publish().topicName("").qos(MqttQoS.AT_LEAST_ONCE).messageId(5)
                .properties(properties).payload(Unpooled.wrappedBuffer(new byte[] {1})).build();
        MqttPublishMessage forwarded = MqttRewrites.withTopic(original, "a/b");
        assertThat(forwarded.variableHeader().topicName()).isEqualTo("a/b");
        assertThat(forwarded.variableHeader().packetId()).isEqualTo(5);
        assertThat(forwarded.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS)).isNull();
        assertThat(forwarded.variableHeader().properties().getProperty(MqttProperties.CONTENT_TYPE).value()).isEqualTo("text/plain");
        assertThat(forwarded.payload()).isSameAs(original.payload());
        original.release();
    }

    @Test
    void aSessionExpiryAboveTheCapIsLoweredUpstream() {
        MqttConnectMessage upstream = MqttRewrites.upstreamConnect(clientConnect(), UPSTREAM, 65536, "derived-id", 60);
        assertThat(upstream.variableHeader().properties().getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL).value()).isEqualTo(60);
        assertThat(upstream.payload().clientIdentifier()).isEqualTo("derived-id");
        MqttConnectMessage uncapped = MqttRewrites.upstreamConnect(clientConnect(), UPSTREAM, 65536, "device-1", -1);
        assertThat(uncapped.variableHeader().properties().getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL).value()).isEqualTo(300);
    }

    @Test
    void aRetainedMessageExpiresWithItsPublishersToken() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, 3600));
        MqttPublishMessage retained = new MqttPublishMessage(
                new io.netty.handler.codec.mqtt.MqttFixedHeader(io.netty.handler.codec.mqtt.MqttMessageType.PUBLISH, false,
                        MqttQoS.AT_LEAST_ONCE, true, 0),
                new io.netty.handler.codec.mqtt.MqttPublishVariableHeader("a/b", 3, properties), Unpooled.wrappedBuffer(new byte[] {1}));
        MqttPublishMessage capped = MqttRewrites.capRetainedExpiry(retained, "a/b", 120);
        assertThat(capped.variableHeader().properties().getProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL).value()).isEqualTo(120);
        assertThat(capped.payload()).isSameAs(retained.payload());
        assertThat(MqttRewrites.capRetainedExpiry(retained, "a/b", 7200)).isSameAs(retained);
        retained.release();
    }
}

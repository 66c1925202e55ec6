/**
 * ace-mqtt-proxy: a TLS-terminating authorization proxy implementing the broker (Resource Server) side of
 * RFC 9431, the MQTT-TLS profile of ACE (RFC 9200), in front of an unmodified MQTT broker.
 */
package org.acemqtt.proxy;

/**
 * Hot reload of key material without dropping connections (cert-manager certificate rotation, issuer key rotation):
 * files are watched by content, so Kubernetes' symlink swap of Secret volumes is seen like any other change, and
 * SIGHUP reloads at once. A file that does not load is refused with a log line and a metric; the old material stays.
 */
package org.acemqtt.proxy.reload;

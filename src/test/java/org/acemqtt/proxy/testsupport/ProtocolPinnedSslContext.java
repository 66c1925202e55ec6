package org.acemqtt.proxy.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/** Wraps an initialised {@link SSLContext} so every client socket and engine enables exactly one protocol. */
final class ProtocolPinnedSslContext extends SSLContext {

    private ProtocolPinnedSslContext(SSLContext delegate, String protocol) {
        super(new Spi(delegate, protocol), delegate.getProvider(), protocol);
    }

    static SSLContext pin(SSLContext delegate, String protocol) {
        return new ProtocolPinnedSslContext(delegate, protocol);
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final String[] protocols;

        Spi(SSLContext delegate, String protocol) {
            this.delegate = delegate;
            this.protocols = new String[] {protocol};
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw new UnsupportedOperationException("already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new PinnedSocketFactory(delegate.getSocketFactory(), protocols);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            SSLEngine e = delegate.createSSLEngine();
            e.setEnabledProtocols(protocols);
            return e;
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            SSLEngine e = delegate.createSSLEngine(host, port);
            e.setEnabledProtocols(protocols);
            return e;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }
    }

    private static final class PinnedSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final String[] protocols;

        PinnedSocketFactory(SSLSocketFactory delegate, String[] protocols) {
            this.delegate = delegate;
            this.protocols = protocols;
        }

        private Socket pin(Socket s) {
            ((SSLSocket) s).setEnabledProtocols(protocols);
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return pin(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return pin(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return pin(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return pin(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return pin(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return pin(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}

package io.kubetron.ovsdb.wire;

import io.kubetron.common.tls.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens {@link Transport}s to {@link Endpoint}s: unix sockets through {@link SocketChannel}, TCP through
 * {@link Socket}, TLS through {@link SSLSocket}. Immutable after construction, hence thread-safe.
 */
public final class Connector {
    private final SSLContext sslContext;
    private final boolean verifyHostname;
    private final boolean hasClientCertificate;
    private final Duration connectTimeout;

    /**
     * @param tls TLS files for {@code ssl:} endpoints, or null when none are used
     * @param connectTimeout bound on the TCP connect and the TLS handshake
     */
    public Connector(TlsOptions tls, Duration connectTimeout) {
        this.sslContext =
                tls == null ? null : TlsContexts.mutual(tls.privateKey(), tls.certificate(), tls.caCertificate());
        this.verifyHostname = tls != null && tls.verifyHostname();
        this.hasClientCertificate = tls != null && tls.privateKey() != null;
        this.connectTimeout = connectTimeout;
    }

    public Transport open(Endpoint endpoint) throws IOException {
        return switch (endpoint) {
            case Endpoint.Unix u -> unix(u);
            case Endpoint.Tcp t -> {
                Socket s = tcp(t.host(), t.port());
                yield new SocketTransport(endpoint, s, false, false);
            }
            case Endpoint.Ssl t -> ssl(t);
        };
    }

    private Transport unix(Endpoint.Unix u) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(u.path()));
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot connect to " + u + ": " + e.getMessage(), e);
        }
        return new ChannelTransport(u, ch);
    }

    private Socket tcp(String host, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            return s;
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private Transport ssl(Endpoint.Ssl e) throws IOException {
        if (sslContext == null) {
            throw new IOException("endpoint " + e + " needs TLS options (private key, certificate, CA certificate)");
        }
        Socket plain = tcp(e.host(), e.port());
        SSLSocket s = (SSLSocket) sslContext.getSocketFactory().createSocket(plain, e.host(), e.port(), true);
        try {
            SSLParameters p = s.getSSLParameters();
            // OVS certificates name no host (CN "nb id:<uuid>", no SAN): only the CA signature is checked by default.
            p.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
            s.setSSLParameters(p);
            s.setSoTimeout((int) connectTimeout.toMillis());
            s.startHandshake();
            s.setSoTimeout(0);
            return new SocketTransport(e, s, true, hasClientCertificate);
        } catch (IOException ex) {
            s.close();
            throw new IOException(
                    "TLS handshake with " + e + " failed: " + TlsErrors.explain(ex, hasClientCertificate), ex);
        }
    }

    private record SocketTransport(
            Endpoint endpoint,
            Socket socket,
            InputStream input,
            OutputStream output,
            boolean tls,
            boolean clientCertificate)
            implements Transport {
        SocketTransport(Endpoint endpoint, Socket socket, boolean tls, boolean clientCertificate) throws IOException {
            this(endpoint, socket, socket.getInputStream(), socket.getOutputStream(), tls, clientCertificate);
        }

        @Override
        public String explain(Throwable failure) {
            return tls && TlsErrors.isTls(failure)
                    ? TlsErrors.explain(failure, clientCertificate)
                    : failure.getMessage();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Streams over a blocking channel written by hand: {@code Channels.newInputStream} may serialize reads and writes
     * on the channel's blocking lock, which would stall writers while the reader thread waits for data.
     */
    private record ChannelTransport(Endpoint endpoint, SocketChannel ch, InputStream input, OutputStream output)
            implements Transport {
        ChannelTransport(Endpoint endpoint, SocketChannel ch) {
            this(
                    endpoint,
                    ch,
                    new InputStream() {
                        @Override
                        public int read() throws IOException {
                            byte[] one = new byte[1];
                            int n = read(one, 0, 1);
                            return n < 0 ? -1 : one[0] & 0xff;
                        }

                        @Override
                        public int read(byte[] b, int off, int len) throws IOException {
                            if (len == 0) {
                                return 0;
                            }
                            return ch.read(ByteBuffer.wrap(b, off, len));
                        }
                    },
                    new OutputStream() {
                        @Override
                        public void write(int b) throws IOException {
                            write(new byte[] {(byte) b}, 0, 1);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                            while (buf.hasRemaining()) {
                                ch.write(buf);
                            }
                        }
                    });
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}

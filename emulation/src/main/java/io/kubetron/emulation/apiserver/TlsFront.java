package io.kubetron.emulation.apiserver;

import io.kubetron.common.tls.PemFiles;
import io.kubetron.common.tls.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * The emulated API server's HTTPS endpoint, as a kube-apiserver serves its clients: TLS with a certificate of the
 * cluster's CA (the one in every Pod's {@code ca.crt}), the decrypted bytes passed to the emulated server on
 * loopback. HTTP/1.1 only (no ALPN), which fabric8 and client-go both speak. Thread-safe.
 */
public final class TlsFront implements AutoCloseable {
    private final SSLServerSocket server;
    private final InetSocketAddress backend;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private TlsFront(SSLServerSocket server, InetSocketAddress backend) {
        this.server = server;
        this.backend = backend;
    }

    /** Serves on a free loopback port with {@code certificate} and {@code key} (PEM) in front of {@code backend}. */
    public static TlsFront start(InetSocketAddress backend, Path certificate, Path key) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(TlsContexts.keyManagers(PemFiles.keyAndChain(certificate, key)), null, null);
            SSLServerSocket s = (SSLServerSocket)
                    ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            s.setEnabledProtocols(TlsContexts.SERVER_PROTOCOLS.toArray(String[]::new));
            TlsFront f = new TlsFront(s, backend);
            Thread.ofVirtual().name("api-tls-accept").start(f::accept);
            return f;
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve HTTPS for the API server: " + e.getMessage(), e);
        }
    }

    /** Where clients connect. */
    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket plain = new Socket(backend.getAddress(), backend.getPort());
                open.add(client);
                open.add(plain);
                Thread.ofVirtual().start(() -> pump(client, plain));
                Thread.ofVirtual().start(() -> pump(plain, client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("API server TLS front: " + e);
                }
            }
        }
    }

    /** Copies one direction until it ends, then closes both sockets (HTTP has no half-close to keep). */
    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            byte[] buf = new byte[16384];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the peer went: a client closing its connection, or a failed handshake
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set.copyOf(open).forEach(this::close);
    }
}

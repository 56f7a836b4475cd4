package io.kubetron.ovsdb.testsupport;

import io.kubetron.ovsdb.wire.MessageReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scripted stand-in for ovsdb-server on 127.0.0.1 that can misbehave: the script sees each request and returns the
 * raw bytes to send back (or null to stay silent). Thread-safe enough for one test.
 */
public final class FakeServer implements AutoCloseable {
    /** What to send in answer to a request; {@code close} hangs up afterwards. */
    public record Reply(String raw, boolean close) {
        public static Reply of(String raw) {
            return new Reply(raw, false);
        }

        public static Reply andClose(String raw) {
            return new Reply(raw, true);
        }

        public static Reply silence() {
            return new Reply(null, false);
        }
    }

    private final ServerSocket server;
    private final Function<JsonNode, Reply> script;
    private final String greeting;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** @param greeting raw bytes sent right after accepting (null for none) */
    public FakeServer(String greeting, Function<JsonNode, Reply> script) {
        try {
            this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.script = script;
        this.greeting = greeting;
        this.acceptor = Thread.ofPlatform().name("fakesrv-accept").daemon(true).start(this::acceptLoop);
    }

    /** Answers echo properly; use inside scripts. */
    public static String echoReply(JsonNode req) {
        return "{\"id\":" + req.get("id") + ",\"result\":" + req.get("params") + ",\"error\":null}";
    }

    public String endpoint() {
        return "tcp:127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread.ofPlatform().name("fakesrv-conn").daemon(true).start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s;
                MessageReader in = new MessageReader(JsonMapper.builder().build(), s.getInputStream())) {
            OutputStream out = s.getOutputStream();
            if (greeting != null) {
                out.write(greeting.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            for (JsonNode req = in.next(); req != null; req = in.next()) {
                if (!req.has("method") || req.get("id") == null || req.get("id").isNull()) {
                    continue;
                }
                Reply r = script.apply(req);
                if (r.raw() != null) {
                    out.write(r.raw().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                if (r.close()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client hung up or sent something odd: that is the client's business in these tests
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

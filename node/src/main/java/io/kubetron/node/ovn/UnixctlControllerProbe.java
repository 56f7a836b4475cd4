package io.kubetron.node.ovn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks ovn-controller itself, over its control socket ({@code <ovn rundir>/ovn-controller.<pid>.ctl}, found through
 * {@code ovn-controller.pid}), for {@code connection-status}; up means the answer is {@code connected}. This is
 * what {@code ovn-appctl -t ovn-controller connection-status} does, spoken directly (the control socket talks
 * JSON-RPC). Why not the Open_vSwitch database: ovn-controller leaves no heartbeat there (its
 * {@code external_ids} and {@code ovn-installed} marks stay after it dies) and its OpenFlow session to br-int goes
 * through the bridge's management socket, which has no {@code Controller} row. Thread-safe (stateless).
 */
public final class UnixctlControllerProbe implements ControllerProbe {
    private static final Logger LOG = LoggerFactory.getLogger(UnixctlControllerProbe.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] REQUEST =
            "{\"method\":\"connection-status\",\"params\":[],\"id\":1}".getBytes(StandardCharsets.UTF_8);
    private static final int MAX_REPLY = 64 * 1024;
    private final Path runDir;
    private final Duration timeout;

    /**
     * @param runDir ovn-controller's run directory ({@code OVN_RUNDIR}, {@code /var/run/ovn} on most nodes)
     * @param timeout how long a hung ovn-controller may take to answer before it counts as down
     */
    public UnixctlControllerProbe(Path runDir, Duration timeout) {
        this.runDir = runDir;
        this.timeout = timeout;
    }

    @Override
    public boolean isUp() {
        Path socket;
        try {
            String pid = Files.readString(runDir.resolve("ovn-controller.pid")).trim();
            socket = runDir.resolve("ovn-controller." + pid + ".ctl");
        } catch (IOException e) {
            return false;
        }
        if (!Files.exists(socket)) {
            return false;
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
        // blocking channels have no read timeout: read on a virtual thread and close the channel if it is late
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(
                () -> ask(ch), r -> Thread.ofVirtual().start(r));
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("ovn-controller did not answer on {}: {}", socket, e.toString());
            return false;
        } finally {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.trace("close", e);
            }
        }
    }

    private static boolean ask(SocketChannel ch) {
        try {
            ch.write(ByteBuffer.wrap(REQUEST));
            JsonNode reply = JSON.readTree(readOneObject(ch));
            return reply != null
                    && reply.path("error").isNull()
                    && reply.path("result").asString("").trim().equals("connected");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads exactly one JSON object off the socket. The reply has no framing and the socket stays open, so a
     * parser reading the stream would wait for more; counting braces outside strings finds the end.
     */
    static byte[] readOneObject(SocketChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        while (out.size() < MAX_REPLY) {
            buf.clear();
            if (ch.read(buf) < 0) {
                throw new IOException("closed before a whole reply");
            }
            buf.flip();
            while (buf.hasRemaining()) {
                byte b = buf.get();
                out.write(b);
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == '"') {
                        inString = false;
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{') {
                    depth++;
                } else if (b == '}' && --depth == 0) {
                    return out.toByteArray();
                }
            }
        }
        throw new IOException("reply larger than " + MAX_REPLY + " bytes");
    }
}

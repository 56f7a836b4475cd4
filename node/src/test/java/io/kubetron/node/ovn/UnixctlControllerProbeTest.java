package io.kubetron.node.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against a fake ovn-controller control socket. */
class UnixctlControllerProbeTest {
    @TempDir
    Path run;

    /** The fake control socket of the running test, closed after it. */
    private ServerSocketChannel server;

    @AfterEach
    void closeFake() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void upWhenTheControllerSaysConnected() throws Exception {
        fake("{\"id\":1,\"result\":\"connected\\n\",\"error\":null}");
        assertThat(new UnixctlControllerProbe(run, Duration.ofSeconds(2)).isUp())
                .isTrue();
    }

    @Test
    void downWhenNotConnectedToTheSouthboundDatabase() throws Exception {
        fake("{\"id\":1,\"result\":\"not connected\\n\",\"error\":null}");
        assertThat(new UnixctlControllerProbe(run, Duration.ofSeconds(2)).isUp())
                .isFalse();
    }

    @Test
    void downWhenTheControllerHangs() throws Exception {
        fake(null);
        long t0 = System.nanoTime();
        assertThat(new UnixctlControllerProbe(run, Duration.ofMillis(300)).isUp())
                .isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void downWithoutPidfileOrSocket() throws IOException {
        assertThat(new UnixctlControllerProbe(run, Duration.ofSeconds(1)).isUp())
                .isFalse();
        Files.writeString(run.resolve("ovn-controller.pid"), "4242\n");
        assertThat(new UnixctlControllerProbe(run, Duration.ofSeconds(1)).isUp())
                .isFalse();
    }

    /** A control socket that answers every request with {@code reply} (null: never answers). */
    private void fake(String reply) throws IOException {
        Files.writeString(run.resolve("ovn-controller.pid"), "4242\n");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(run.resolve("ovn-controller.4242.ctl")));
        Thread.ofVirtual().start(() -> {
            try (SocketChannel c = channel.accept()) {
                c.read(ByteBuffer.allocate(4096));
                if (reply != null) {
                    // split in two writes: the reader must not take a partial object for the reply
                    byte[] b = reply.getBytes(StandardCharsets.UTF_8);
                    c.write(ByteBuffer.wrap(b, 0, 10));
                    Thread.sleep(20);
                    c.write(ByteBuffer.wrap(b, 10, b.length - 10));
                }
                Thread.sleep(5000);
            } catch (IOException | InterruptedException e) {
                // test over
            }
        });
        server = channel;
    }
}

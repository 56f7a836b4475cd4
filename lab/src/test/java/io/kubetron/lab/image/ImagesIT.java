package io.kubetron.lab.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.lab.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The small images built for real (pause, hold, the demo's application) and run under runc: same inputs give the same
 * image id, and each program behaves as a container's init process must.
 */
class ImagesIT {
    private static Path dir;
    private static Images first;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("kubetron-images-");
        first = new Images(Images.findSources(), dir.resolve("a"));
    }

    @AfterAll
    static void tearDown() {
        FileTrees.delete(dir);
    }

    @Test
    void twoBuildsGiveTheSameImageIds() {
        Images second = new Images(Images.findSources(), dir.resolve("b"));
        List<BuiltImage> a = List.of(first.pause(), first.hold(), first.app());
        List<BuiltImage> b = List.of(second.pause(), second.hold(), second.app());
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).id()).as(a.get(i).repoTag()).isEqualTo(a.get(i).id());
            assertThat(b.get(i).layers()).isEqualTo(a.get(i).layers());
        }
        for (BuiltImage x : a) {
            System.out.printf("image %s %s: %d bytes unpacked, %d gzip%n", x.repoTag(), x.id(), x.size(), x.gzipSize());
        }
    }

    @Test
    void theHoldProcessIsPidOneAndEndsWithZeroOnSigterm() {
        BuiltImage hold = first.hold();
        try (RuncContainer c = RuncContainer.start(hold, dir.resolve("hold-run"), List.of())) {
            long pid = awaitPid(c);
            assertThat(nsPid(pid))
                    .as("the hold process's PID in its own PID namespace")
                    .isEqualTo("1");
            c.kill("TERM");
            assertThat(c.await(Duration.ofSeconds(20))).as(c.output()).isZero();
        }
    }

    @Test
    void thePauseProcessEndsWithZeroOnSigterm() {
        try (RuncContainer c = RuncContainer.start(first.pause(), dir.resolve("pause-run"), List.of())) {
            assertThat(nsPid(awaitPid(c))).isEqualTo("1");
            c.kill("TERM");
            assertThat(c.await(Duration.ofSeconds(20))).as(c.output()).isZero();
        }
    }

    @Test
    void theApplicationImageHasTheToolsAUserLooksWith() {
        try (RuncContainer c = RuncContainer.start(first.app(), dir.resolve("app-run"), List.of())) {
            awaitPid(c);
            c.kill("TERM");
            assertThat(c.await(Duration.ofSeconds(20)))
                    .as("the shell ends on SIGTERM: " + c.output())
                    .isZero();
        }
        try (RuncContainer c = RuncContainer.start(first.app(), dir.resolve("app-ip"), List.of("ip", "-o", "link"))) {
            assertThat(c.await(Duration.ofSeconds(20))).as(c.output()).isZero();
            assertThat(c.output()).contains("lo:");
        }
    }

    private static long awaitPid(RuncContainer c) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            long pid = c.pid();
            if (pid > 0) {
                return pid;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the container did not start: " + c.output());
    }

    private static String nsPid(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("NSpid:"))
                    .map(l -> l.split("\\s+"))
                    .map(f -> f[f.length - 1])
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

package io.kubetron.common.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Short real processes ({@code sh -c}). */
class ExecTest {
    private final Exec exec = new Exec(Map.of("KT_TEST", "hello"), Duration.ofSeconds(10));

    @Test
    void capturesOutputExitCodeAndEnvironment() {
        Exec.Result r = exec.run("sh", "-c", "echo out $KT_TEST; echo err >&2; exit 3");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.ok()).isFalse();
        assertThat(r.stdout()).isEqualTo("out hello\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(exec.check("sh", "-c", "printf ok")).isEqualTo("ok");
        assertThat(exec.run(List.of("sh", "-c", "cat; cat"), "to stdin").stdout())
                .isEqualTo("to stdin");
        assertThat(exec.run("cat").stdout()).as("no stdin: /dev/null").isEmpty();
    }

    @Test
    void aNonZeroExitRaisesWithTheCommandAndItsStderr() {
        assertThatThrownBy(() -> exec.check("sh", "-c", "echo 'Cannot find device \"x\"' >&2; exit 1"))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage(
                        "sh -c echo 'Cannot find device \"x\"' >&2; exit 1 failed (exit 1): Cannot find device \"x\"")
                .satisfies(e -> {
                    CommandFailedException f = (CommandFailedException) e;
                    assertThat(f.exitCode()).isEqualTo(1);
                    assertThat(f.stderr()).contains("Cannot find device");
                    assertThat(f.command()).first().isEqualTo("sh");
                });
        assertThatThrownBy(() -> exec.run("/nonexistent/kubetron-tool"))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageStartingWith("/nonexistent/kubetron-tool failed: cannot start");
    }

    @Test
    void aTimeoutKillsTheProcessAndItsChildren() throws Exception {
        long t0 = System.nanoTime();
        Exec.Result r =
                exec.withTimeout(Duration.ofMillis(300)).run("sh", "-c", "echo started; sleep 30 & echo $! ; wait");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.stderr()).isEqualTo("timed out after 300ms");
        assertThat(r.stdout()).startsWith("started\n");
        long child = Long.parseLong(r.stdout().lines().toList().get(1).strip());
        // killed, perhaps not yet reaped (a zombie) where PID 1 reaps late
        assertThat(OwnedProcess.alive(child)).as("the shell's child").isFalse();
        assertThatThrownBy(r::orThrow).hasMessageEndingWith("failed: timed out after 300ms");
    }

    @Test
    void wrapsCommandsForANamespace() {
        assertThat(NetworkNamespace.own().wrap(List.of("ip", "link"))).containsExactly("ip", "link");
        assertThat(NetworkNamespace.at(null)).isEqualTo(NetworkNamespace.own());
        assertThat(NetworkNamespace.named("lab-host").wrap(List.of("ip", "link")))
                .containsExactly("ip", "netns", "exec", "lab-host", "ip", "link");
        assertThat(NetworkNamespace.at(Path.of("/proc/42/ns/net")).wrap(List.of("ip", "link")))
                .containsExactly("nsenter", "--net=/proc/42/ns/net", "ip", "link");
    }
}

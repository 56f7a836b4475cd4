package io.kubetron.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubetron.common.signing.KeySetDirectory;
import io.kubetron.common.signing.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/gen-signing-key.sh makes the key set the webhook and the node agents read (their own reader reads it), and
 * walks a rotation: a new key added, made the primary, the old one removed; never the primary.
 */
class SigningKeyScriptTest {
    @Test
    void itMakesAKeySetTheComponentsReadAndRotatesIt(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("keys");
        String out = run(0, dir.toString());
        SigningKeys first = KeySetDirectory.read(dir);
        assertThat(first.ids()).hasSize(1);
        String old = first.primary();
        assertThat(out)
                .contains("made key " + old)
                .contains("kubectl -n kubetron create secret generic kubetron-networks-signing --from-file=" + dir);
        assertThat(Files.getPosixFilePermissions(dir.resolve(old)).toString()).doesNotContain("OTHERS", "GROUP");
        assertThat(run(0, dir.toString())).contains("nothing new made");

        run(0, "--add", dir.toString());
        SigningKeys added = KeySetDirectory.read(dir);
        assertThat(added.ids()).hasSize(2);
        assertThat(added.primary()).isEqualTo(old);
        String fresh =
                added.ids().stream().filter(id -> !id.equals(old)).findFirst().orElseThrow();
        assertThat(run(1, "--remove", old, dir.toString())).contains("is the primary");
        run(0, "--primary", fresh, dir.toString());
        run(0, "--remove", old, dir.toString());
        SigningKeys rotated = KeySetDirectory.read(dir);
        assertThat(rotated.ids()).containsExactly(fresh);
        assertThat(rotated.primary()).isEqualTo(fresh);
        assertThat(run(1, "--primary", "nope", dir.toString())).contains("no key nope");
    }

    private static String run(int exit, String... args) throws IOException, InterruptedException {
        assumeTrue(onPath("bash") && onPath("base64"), "bash or base64 is missing: gen-signing-key.sh not run");
        List<String> cmd = new ArrayList<>(
                List.of("bash", DeployTree.root().resolve("gen-signing-key.sh").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(exit);
        return out;
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}

package io.kubetron.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image's jlink runtime holds the modules the packaged fat jar needs: jdeps on cli/target/kubetron.jar (made by
 * the package phase, before integration tests) must print exactly images/kubetron/Dockerfile's JAVA_MODULES. The
 * image build checks the same, but no container engine runs here; this catches a new dependency on a JDK module at
 * `mvn verify` instead of at image build time.
 */
class ImageModulesIT {
    private static final Path DOCKERFILE = DeployTree.root().resolveSibling("images/kubetron/Dockerfile");

    @Test
    void theRuntimeModulesAreTheOnesJdepsFindsInTheJar() throws IOException, InterruptedException {
        Path jar = DeployTree.root().resolveSibling("cli/target/kubetron.jar");
        assumeTrue(Files.isRegularFile(jar), "no " + jar + ": run the package phase first");
        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        assumeTrue(Files.isExecutable(jdeps), "this JDK has no jdeps");
        Process p = new ProcessBuilder(List.of(
                        jdeps.toString(),
                        "--ignore-missing-deps",
                        "--print-module-deps",
                        "--multi-release",
                        "25",
                        jar.toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().reduce((a, b) -> b).orElse(""))
                .as("jdeps on " + jar + " (update JAVA_MODULES in " + DOCKERFILE
                        + " and the figures in docs/deploy.md)")
                .isEqualTo(dockerfileModules());
    }

    @Test
    void theImageRunsKubetronAndTheManifestsUseItsName() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertThat(dockerfile)
                .contains("ENTRYPOINT [\"kubetron\"]")
                .contains("docker build -f images/kubetron/Dockerfile -t " + ManifestsTest.IMAGE + " .");
        // the tools the node agent execs (io.kubetron.node.plumbing): ip, busybox udhcpc, ethtool, nsenter
        assertThat(dockerfile).containsPattern("apt-get install[^\\n]* iproute2 busybox ethtool util-linux");
    }

    private static String dockerfileModules() throws IOException {
        Matcher m = Pattern.compile("ARG JAVA_MODULES=(\\S+)").matcher(Files.readString(DOCKERFILE));
        assertThat(m.find()).as("ARG JAVA_MODULES in " + DOCKERFILE).isTrue();
        return m.group(1);
    }
}

package io.kubetron.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.common.exec.Exec;
import io.kubetron.lab.FileTrees;
import io.kubetron.lab.image.BuiltImage;
import io.kubetron.lab.image.Images;
import io.kubetron.lab.image.LayerInfo;
import io.kubetron.lab.image.RuncContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The product image (images/kubetron/Dockerfile's recipe, {@link Images#product}) built from the packaged
 * {@code cli/target/kubetron.jar} and run under runc: the jlink runtime in it runs the jar, the same jar gives the
 * same image id, it runs as the non-root user its configuration names, and the programs the node agent execs work
 * in it (their libraries are in its base).
 */
class ProductImageIT {
    private static final Path JAR = Path.of("target", "kubetron.jar");
    private static final Exec EXEC = Exec.plain().withTimeout(Duration.ofMinutes(2));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Path dir;
    private static BuiltImage image;

    @BeforeAll
    static void build() throws IOException {
        assertThat(JAR)
                .as("the packaged product jar (failsafe runs after package)")
                .exists();
        dir = Files.createTempDirectory("kubetron-product-image-");
        image = new Images(Images.findSources(), dir.resolve("a")).product(JAR);
    }

    @AfterAll
    static void tearDown() {
        if (dir != null) {
            FileTrees.delete(dir);
        }
    }

    @Test
    void theImageRunsKubetronVersionOnItsOwnJavaRuntime() {
        String onHost = EXEC.run(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JAR.toString(),
                        "--version")
                .orThrow()
                .stdout();
        String hostVersion = onHost.lines().findFirst().orElseThrow();
        assertThat(hostVersion).startsWith("kubetron ");

        try (RuncContainer c =
                RuncContainer.start(image, dir.resolve("version-run"), List.of("kubetron", "--version"))) {
            assertThat(c.await(Duration.ofSeconds(60))).as(c.output()).isZero();
            System.out.print("kubetron --version in the product image:\n" + c.output());
            assertThat(c.output().lines().toList())
                    .as("what kubetron --version printed in the container")
                    .contains(hostVersion)
                    .anyMatch(l -> l.startsWith("Java " + Runtime.version().feature() + ".")
                            && l.endsWith("(/opt/kubetron/java)"));
        }
    }

    @Test
    void twoBuildsFromTheSameJarGiveTheSameImageId() {
        BuiltImage second = new Images(Images.findSources(), dir.resolve("b")).product(JAR);
        assertThat(second.layers()).isEqualTo(image.layers());
        assertThat(second.id()).isEqualTo(image.id());
        for (LayerInfo l : image.layers()) {
            System.out.printf(
                    "product layer %s: %d bytes unpacked, %d gzip%n", l.description(), l.size(), l.gzipSize());
        }
        System.out.printf(
                "image %s %s: %d bytes unpacked, %d gzip; jar %d bytes%n",
                image.repoTag(),
                image.id(),
                image.size(),
                image.gzipSize(),
                JAR.toFile().length());
    }

    @Test
    void itRunsKubetronAsTheNonRootUserOfItsConfiguration() throws IOException {
        JsonNode config = configOf(image).get("config");
        assertThat(config.get("Entrypoint").toString()).isEqualTo("[\"kubetron\"]");
        assertThat(config.get("User").asString()).isEqualTo("65532:65532");

        // the image's user applies to any command; the shell reads its own ids without a program of the image's
        try (RuncContainer c = RuncContainer.start(
                image,
                dir.resolve("user-run"),
                List.of(
                        "sh",
                        "-c",
                        "while read k v; do case $k in Uid:|Gid:) echo $k $v;; esac; done < /proc/self/status"))) {
            assertThat(c.await(Duration.ofSeconds(30))).as(c.output()).isZero();
            assertThat(c.output().lines().map(l -> l.replaceAll("\\s+", " ")).toList())
                    .containsExactly("Uid: 65532 65532 65532 65532", "Gid: 65532 65532 65532 65532");
        }
    }

    @Test
    void theProgramsTheNodeAgentExecsRunInIt() {
        for (List<String> cmd : List.of(
                List.of("ip", "-o", "link", "show", "lo"),
                List.of("ethtool", "--version"),
                List.of("nsenter", "--version"),
                List.of("udhcpc", "--help"))) {
            Path bundle = dir.resolve("run-" + cmd.get(0));
            try (RuncContainer c = RuncContainer.start(image, bundle, cmd)) {
                int exit = c.await(Duration.ofSeconds(30));
                assertThat(c.output()).as(String.join(" ", cmd)).doesNotContain("error while loading shared libraries");
                assertThat(exit).as(String.join(" ", cmd) + ": " + c.output()).isZero();
            }
        }
    }

    /** The image configuration in the archive, as {@code ctr image import} reads it. */
    private static JsonNode configOf(BuiltImage image) throws IOException {
        String archive = image.archive().toString();
        JsonNode manifest = JSON.readTree(EXEC.run("tar", "-xOf", archive, "manifest.json")
                        .orThrow()
                        .stdout())
                .get(0);
        String name = manifest.get("Config").asString();
        assertThat("sha256:" + name.substring(0, name.length() - ".json".length()))
                .as("the configuration is named by the image id")
                .isEqualTo(image.id());
        return JSON.readTree(EXEC.run("tar", "-xOf", archive, name).orThrow().stdout());
    }
}

package io.kubetron.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The packaged product binary ({@code cli/target/kubetron.jar}, the jar of the product image) holds only what runs in
 * a cluster: none of the dev kit (lab, demo, emulation, testkit), no test framework, no mock API server and the
 * Vert.x it runs on, no BouncyCastle (test certificates only). The enforcer's {@code product-only} rule keeps them
 * off the runtime class path; this checks the jar itself, which is what ships.
 */
class ProductJarIT {
    private static final Path JAR = Path.of("target", "kubetron.jar");
    private static final List<String> DEV_KIT = List.of(
            "io/kubetron/lab/",
            "io/kubetron/demo/",
            "io/kubetron/emulation/",
            "io/kubetron/testkit/",
            "org/junit/",
            "org/assertj/",
            "org/opentest4j/",
            "io/fabric8/mockwebserver/",
            "io/fabric8/kubernetes/client/server/mock/",
            "io/vertx/",
            "org/bouncycastle/",
            "org/awaitility/");

    @Test
    void theProductJarHoldsNoDevKitClassAndNoTestDependency() throws IOException {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names)
                    .as("the product's own classes")
                    .anyMatch(n -> n.startsWith("io/kubetron/webhook/"))
                    .anyMatch(n -> n.startsWith("io/kubetron/node/"))
                    .anyMatch(n -> n.startsWith("io/kubetron/cli/"))
                    // the node agent's config file and clouds.yaml are YAML: a test-scoped override once dropped it
                    .anyMatch(n -> n.startsWith("tools/jackson/dataformat/yaml/"));
            assertThat(names.stream()
                            .filter(n -> DEV_KIT.stream().anyMatch(n::startsWith))
                            .toList())
                    .as("dev-kit or test entries in " + JAR)
                    .isEmpty();
        }
        System.out.printf("product jar: %s, %.1f MiB%n", JAR, Files.size(JAR) / 1048576.0);
    }
}

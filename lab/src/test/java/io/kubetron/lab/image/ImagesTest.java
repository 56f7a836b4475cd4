package io.kubetron.lab.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which of the libraries ldd reports belong to the jlink runtime (and so stay out of the product image's base): the
 * runtime's own libraries come back through $ORIGIN as paths in the build directory, as ldd writes them.
 */
class ImagesTest {
    @TempDir
    Path build;

    @Test
    void aLibraryOfTheRuntimeIsInsideItAsLddNamesIt() throws IOException {
        Path runtime = Files.createDirectories(build.resolve("java/lib"));
        Files.createDirectories(build.resolve("java/bin"));
        Files.writeString(runtime.resolve("libjli.so"), "");
        Path java = build.resolve("java");

        assertThat(Images.inside(build.resolve("java/lib/libjli.so"), java)).isTrue();
        assertThat(Images.inside(build.resolve("java/bin/../lib/libjli.so"), java))
                .as("the launcher's $ORIGIN/../lib")
                .isTrue();
    }

    @Test
    void aLibraryReachedThroughALinkToTheBuildDirectoryIsInside() throws IOException {
        Files.createDirectories(build.resolve("real/java/lib"));
        Files.writeString(build.resolve("real/java/lib/libjava.so"), "");
        Files.createSymbolicLink(build.resolve("linked"), build.resolve("real"));

        assertThat(Images.inside(build.resolve("real/java/lib/libjava.so"), build.resolve("linked/java")))
                .isTrue();
        assertThat(Images.inside(build.resolve("linked/java/lib/libjava.so"), build.resolve("real/java")))
                .isTrue();
    }

    @Test
    void theHostsLibrariesAndASiblingDirectoryAreNot() throws IOException {
        Files.createDirectories(build.resolve("java"));
        Files.createDirectories(build.resolve("java2/lib"));
        Files.writeString(build.resolve("java2/lib/libjava.so"), "");

        assertThat(Images.inside(Path.of("/lib/x86_64-linux-gnu/libc.so.6"), build.resolve("java")))
                .isFalse();
        assertThat(Images.inside(build.resolve("java2/lib/libjava.so"), build.resolve("java")))
                .as("a path that only starts with the same characters")
                .isFalse();
        assertThat(Images.inside(build.resolve("java/../java2/lib/libjava.so"), build.resolve("java")))
                .isFalse();
    }
}

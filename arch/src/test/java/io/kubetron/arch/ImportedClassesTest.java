package io.kubetron.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.PackageMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules are only as good as what they read: every package with main sources is known to them and, unless it
 * belongs to a dev-kit module this module does not depend on, imported; no test class is.
 */
class ImportedClassesTest {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** Dev-kit modules that depend on the product; their own rules are the product's enforcer rules. */
    private static final Set<String> NOT_ON_CLASS_PATH =
            Set.of("io.kubetron.emulation..", "io.kubetron.testkit..", "io.kubetron.demo..");

    @Test
    void everyPackageWithMainSourcesIsClassifiedAndImported() throws IOException {
        Set<String> imported =
                MainClasses.all().stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        Set<String> sources = mainSourcePackages(Path.of(System.getProperty("kubetron.root")));
        assertThat(sources).as("packages with main sources").contains("io.kubetron.model", "io.kubetron.ovsdb");
        for (String p : sources) {
            String pattern = Stream.concat(Arrays.stream(MainClasses.PRODUCT), Arrays.stream(MainClasses.DEV_KIT))
                    .filter(m -> PackageMatcher.of(m).matches(p))
                    .findFirst()
                    .orElse(null);
            assertThat(pattern)
                    .as("package %s belongs to no module of MainClasses.PRODUCT or DEV_KIT", p)
                    .isNotNull();
            if (!NOT_ON_CLASS_PATH.contains(pattern)) {
                assertThat(imported).as("main classes imported").contains(p);
            }
        }
        // generated from kubelet-api's protos, so no Java sources to find
        assertThat(imported)
                .contains("io.kubetron.kubelet.deviceplugin.v1beta1", "io.kubetron.kubelet.podresources.v1");
    }

    @Test
    void noTestClassIsImported() {
        assertThat(MainClasses.all().stream().map(JavaClass::getSimpleName))
                .noneMatch(n -> n.endsWith("Test") || n.endsWith("IT"));
        assertThat(MainClasses.all().stream().map(JavaClass::getPackageName))
                .noneMatch(p -> p.startsWith("io.kubetron.arch"));
    }

    /** Packages of the Java files (package-info aside: it compiles to nothing) under every module's src/main/java. */
    private static Set<String> mainSourcePackages(Path root) throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".java"))
                            .filter(f -> !f.endsWith("package-info.java"))
                            .toList()) {
                        Matcher m = PACKAGE.matcher(Files.readString(f));
                        if (m.find()) {
                            packages.add(m.group(1));
                        }
                    }
                }
            }
        }
        return packages;
    }
}

package io.kubetron.cli.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The repository's {@code deploy/} directory read as YAML documents. snakeyaml-engine resolves anchors and aliases
 * (the webhook configuration shares its namespaceSelector between two webhooks that way), so every document is the
 * plain tree of maps, lists and scalars that the API server would see.
 */
final class DeployTree {
    /** One YAML document of a file; {@code index} counts from 0 within the file. */
    record Doc(Path file, int index, Map<String, Object> tree) {
        String apiVersion() {
            return String.valueOf(tree.get("apiVersion"));
        }

        String kind() {
            return String.valueOf(tree.get("kind"));
        }

        /** Where the document comes from, for messages. */
        String where() {
            return root().relativize(file) + "#" + index;
        }
    }

    private DeployTree() {}

    /** {@code deploy/}, found from the working directory upwards (surefire runs in {@code cli/}). */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/kustomization.yaml"))) {
                return p.resolve("deploy");
            }
        }
        throw new IllegalStateException(
                "no deploy/kustomization.yaml above " + Path.of("").toAbsolutePath());
    }

    /** Every {@code .yaml} and {@code .yml} file under {@code deploy/}, sorted. */
    static List<Path> yamlFiles() {
        try (Stream<Path> s = Files.walk(root())) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of every YAML file under {@code deploy/}. */
    static List<Doc> documents() {
        List<Doc> docs = new ArrayList<>();
        for (Path f : yamlFiles()) {
            try {
                docs.addAll(parse(f, Files.readString(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return docs;
    }

    /** The documents of a multi-document YAML text (empty documents skipped). */
    @SuppressWarnings("unchecked")
    static List<Doc> parse(Path file, String text) {
        Load load = new Load(LoadSettings.builder().setLabel(file.toString()).build());
        List<Doc> docs = new ArrayList<>();
        int i = 0;
        for (Object o : load.loadAllFromString(text)) {
            if (o == null) {
                continue;
            }
            if (!(o instanceof Map)) {
                throw new IllegalArgumentException(file + "#" + i + " is not a mapping");
            }
            docs.add(new Doc(file, i++, (Map<String, Object>) o));
        }
        return docs;
    }

    /** The one document of {@code file} (relative to {@code deploy/}) with this kind and name. */
    @SuppressWarnings("unchecked")
    static Doc find(String file, String kind, String name) {
        Path f = root().resolve(file);
        try {
            return parse(f, Files.readString(f)).stream()
                    .filter(d -> d.kind().equals(kind)
                            && name.equals(((Map<String, Object>) d.tree().get("metadata")).get("name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/" + file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

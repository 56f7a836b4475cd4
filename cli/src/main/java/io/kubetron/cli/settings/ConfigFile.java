package io.kubetron.cli.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The settings file of every command ({@code --config}): one flat YAML mapping whose keys are the settings' keys, the
 * flags' names without {@code --} ({@code ovsdb: unix:/var/run/openvswitch/db.sock}), so a ConfigMap and the command
 * line say the same thing.
 */
public final class ConfigFile {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigFile() {}

    /** @throws IllegalArgumentException when the file is not a flat mapping of scalars */
    public static Map<String, String> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config file " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("config file " + file + " is not YAML: " + e.getOriginalMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("config file " + file + " must be a mapping of setting: value");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode v = e.getValue();
            if (!v.isValueNode()) {
                throw new IllegalArgumentException(
                        "config file " + file + ": '" + e.getKey() + "' must be a single value");
            }
            out.put(e.getKey(), v.isNull() ? "" : v.asString());
        }
        return out;
    }
}

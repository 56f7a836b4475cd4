package io.kubetron.cli.settings;

import io.kubetron.common.settings.Setting;
import java.util.List;

/**
 * Settings of one part of a command, under one heading in {@code --help} and docs/configuration.md.
 *
 * @param heading {@code Backend}, {@code Admission}...
 * @param settings in the order shown
 */
public record Section(String heading, List<Setting<?>> settings) {
    public Section {
        settings = List.copyOf(settings);
    }

    /** Every setting of {@code sections}, in order. */
    public static List<Setting<?>> all(List<Section> sections) {
        return sections.stream().flatMap(s -> s.settings().stream()).toList();
    }
}

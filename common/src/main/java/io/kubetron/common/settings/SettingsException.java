package io.kubetron.common.settings;

import java.util.List;

/** Settings that are wrong, missing or unknown; every problem at once, each naming the key and where it came from. */
public final class SettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    /** @param what whose settings ({@code node agent}, {@code backend}...) */
    public SettingsException(String what, List<String> problems) {
        super(what + " settings: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

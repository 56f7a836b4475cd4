package io.kubetron.common.settings;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The reference table of settings (docs/configuration.md), made from the definitions so that the docs cannot drift
 * from the code: one row per user setting; dev-kit settings are left out.
 */
public final class SettingsTable {
    private SettingsTable() {}

    /** A Markdown table: key, value, flag, environment variable, default, meaning. */
    public static String markdown(List<Setting<?>> settings) {
        StringBuilder b = new StringBuilder();
        b.append("| Key (file) | Value | Flag | Environment | Default | Meaning |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Setting<?> s : settings) {
            if (s.devKit()) {
                continue;
            }
            b.append("| `")
                    .append(s.key())
                    .append("` | ")
                    .append(cell(s.type().label()))
                    .append(" | ")
                    .append(s.flag().map(f -> flags(s, f)).orElse("none (secret)"))
                    .append(" | ")
                    .append(env(s))
                    .append(" | ")
                    .append(
                            s.defaultText() != null
                                    ? "`" + cell(s.defaultForHumans()) + "`"
                                    : cell(s.defaultForHumans()))
                    .append(" | ")
                    .append(cell(s.description()))
                    .append(s.secret() ? " Secret: never logged." : "")
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String flags(Setting<?> s, String flag) {
        return s.type().shape() == SettingType.Shape.SWITCH
                ? "`" + flag + "`, `--no-" + s.key() + "`"
                : "`" + flag + "`";
    }

    /** {@code KUBETRON_OVN_NB}, else the aliases. */
    public static String env(Setting<?> s) {
        String main = "`" + s.env().orElseThrow() + "`";
        if (s.envAliases().isEmpty()) {
            return main;
        }
        return main + ", else "
                + s.envAliases().stream().map(a -> "`" + a + "`").collect(Collectors.joining(", "));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\n", " ");
    }
}

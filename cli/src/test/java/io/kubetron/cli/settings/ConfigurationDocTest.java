package io.kubetron.cli.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.cli.Main;
import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.SettingType;
import io.kubetron.common.settings.SettingsTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/configuration.md's tables are the settings' definitions, and so is every command's {@code --help}: neither can
 * drift. On a difference the expected document is written to {@code target/configuration.md}, to be copied over.
 */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final String BEGIN = "<!-- BEGIN GENERATED SETTINGS";
    private static final String END = "<!-- END GENERATED SETTINGS -->";

    static String generated() {
        StringBuilder b = new StringBuilder();
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (Map.Entry<String, List<Section>> c : SettingsCatalog.COMMANDS) {
            b.append("\n## `").append(c.getKey().replace(", ", "`, `")).append("`\n");
            for (Section s : c.getValue()) {
                b.append("\n### ").append(s.heading()).append("\n\n");
                if (shown.add(s.heading())) {
                    b.append(SettingsTable.markdown(s.settings()));
                } else {
                    String anchor =
                            s.heading().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
                    b.append("The [")
                            .append(s.heading().toLowerCase(java.util.Locale.ROOT))
                            .append(" settings](#")
                            .append(anchor)
                            .append(") above.\n");
                }
            }
        }
        return b.append('\n').toString();
    }

    @Test
    void theTablesAreTheDefinitions() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf('\n', doc.indexOf(BEGIN)) + 1;
        int end = doc.indexOf(END);
        assertThat(begin).as("the generated section's markers in " + DOC).isPositive();
        assertThat(end).isGreaterThan(begin - 1);
        String expected = doc.substring(0, begin) + generated() + doc.substring(end);
        if (!expected.equals(doc)) {
            Files.writeString(Path.of("target", "configuration.md"), expected);
        }
        assertThat(doc)
                .as("docs/configuration.md differs from the settings' definitions: copy cli/target/configuration.md "
                        + "over it")
                .isEqualTo(expected);
    }

    @Test
    void everyCommandsHelpListsEachOfItsSettingsFlagAndVariable() {
        Map<String, List<Section>> commands = Map.of(
                "webhook", SettingsCatalog.WEBHOOK,
                "node-agent", SettingsCatalog.NODE_AGENT,
                "gc", SettingsCatalog.BACKEND,
                "network create", SettingsCatalog.BACKEND,
                "network list", SettingsCatalog.BACKEND,
                "network delete", SettingsCatalog.BACKEND,
                "port list", SettingsCatalog.BACKEND);
        commands.forEach((command, sections) -> {
            String help = help(command.split(" "));
            for (Setting<?> s : Section.all(sections)) {
                if (s.devKit()) {
                    assertThat(help).as(command).doesNotContain("--" + s.key() + "=", "KUBETRON_" + s.key());
                    continue;
                }
                s.flag()
                        .map(f -> s.type().shape() == SettingType.Shape.SWITCH ? "--[no-]" + s.key() : f)
                        .ifPresent(f -> assertThat(help).as(command).contains(f));
                assertThat(help).as(command).contains(s.env().orElseThrow());
            }
        });
    }

    private static String help(String... command) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        String[] args = new String[command.length + 1];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = "--help";
        assertThat(cl.execute(args)).isZero();
        // picocli wraps long words at - and _
        return out.toString().replaceAll("\\s+", " ").replaceAll("([-_]) ", "$1");
    }
}

package io.kubetron.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.testkit.CommandHelp;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DevkitMainTest {

    @Test
    void helpListsEverySubcommandWithOneLine() {
        CommandHelp.assertListsEverySubcommand(DevkitMain.commandLine());
    }

    @Test
    void unknownEnvFormatIsAnErrorThatSaysWhatToUse() {
        CommandLine cl = DevkitMain.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("lab", "env", "--dir", "/nonexistent-kubetron-lab", "-o", "xml");
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains("unknown output 'xml': use shell or json");
    }
}

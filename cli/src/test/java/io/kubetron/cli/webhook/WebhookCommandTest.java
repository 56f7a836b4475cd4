package io.kubetron.cli.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.cli.Main;
import io.kubetron.webhook.InjectionMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WebhookCommandTest {
    /** The command after parsing {@code extra} behind the two required flags (nothing runs). */
    private static WebhookCommand parse(String... extra) {
        WebhookCommand cmd = new WebhookCommand();
        List<String> args = new ArrayList<>(List.of("--tls-cert", "tls.crt", "--tls-key", "tls.key"));
        args.addAll(List.of(extra));
        new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
        return cmd;
    }

    @Test
    void injectionDefaultsToSidecarAndReadsInit() {
        assertThat(parse().injection).isEqualTo(InjectionMode.INIT);
        assertThat(parse("--injection", "init").injection).isEqualTo(InjectionMode.INIT);
        assertThat(parse("--injection=SIDECAR").injection).isEqualTo(InjectionMode.SIDECAR);
    }

    @Test
    void anUnknownInjectionModeIsAUsageErrorNamingTheModes() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("webhook", "--tls-cert", "c", "--tls-key", "k", "--injection", "initcontainer");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("unknown injection mode 'initcontainer': use sidecar or init");
    }

    @Test
    void helpDescribesBothModesAndTheDefaultImage() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("webhook", "--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help)
                .contains("--injection=<injection>")
                .contains("sidecar (appended to the containers")
                .contains("init (first init container")
                .contains("Default: init.")
                .contains("--sidecar-cpu=<sidecarCpu>")
                .contains("--sidecar-memory=<sidecarMemory>");
        // picocli may wrap the image name at its dot
        assertThat(out.toString().replaceAll("\\s+", "")).contains("(default:ghcr.io/kubetron/hold:0.1.0)");
    }
}

package io.kubetron.model.selection;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.model.InvalidNetworkRequestException;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Generated values of both forms, well-formed ones and mutations of them: the parser either returns attachments that
 * each pass the checks, or refuses with a message; nothing else escapes.
 */
class NetworkSelectionFuzzTest {
    private static final int VALUES = 12_000;
    private static final String[] PIECES = {
        "red",
        "blue",
        "ns",
        "a-b",
        "x.y",
        "eth1",
        "net0",
        "/",
        "@",
        ",",
        " ",
        "\t",
        "[",
        "]",
        "{",
        "}",
        "\"",
        ":",
        "name",
        "namespace",
        "interface",
        "mac",
        "ips",
        "default-route",
        "10.0.0.1",
        "10.0.0.1/24",
        "fd00::1",
        "::",
        "02:00:00:00:00:01",
        "null",
        "true",
        "7",
        "-1",
        "1e309",
        "\\u0000",
        "é",
        "\u0000",
        "\uD83D\uDE00",
        "..",
        "-",
        "example.com/k",
        "bandwidth",
        "Red",
        "0",
        "..."
    };

    @Test
    void noInputEscapesTheParserWithoutAMessage() {
        Random random = new Random(20261203L);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < VALUES; i++) {
            String value = switch (i % 4) {
                case 0 -> mutate(random, commaForm(random), random);
                case 1 -> mutate(random, jsonForm(random), random);
                case 2 -> soup(random);
                default -> random.nextBoolean() ? commaForm(random) : jsonForm(random);
            };
            try {
                List<AttachmentRequest> got = NetworkSelection.parse(value, "pod-ns", 8);
                accepted++;
                checkAccepted(value, got);
            } catch (InvalidNetworkRequestException e) {
                refused++;
                assertThat(e.getMessage())
                        .as("refusal of %s", value)
                        .isNotBlank()
                        .startsWith("invalid ");
            }
        }
        // both outcomes are exercised, or the generator is not doing its job
        assertThat(accepted).isGreaterThan(VALUES / 10);
        assertThat(refused).isGreaterThan(VALUES / 10);
    }

    private static void checkAccepted(String value, List<AttachmentRequest> got) {
        assertThat(got).as(value).isNotEmpty().hasSizeLessThanOrEqualTo(8);
        Set<String> interfaces = new HashSet<>();
        for (AttachmentRequest r : got) {
            assertThat(Syntax.name(r.name())).as(value).isNull();
            assertThat(Syntax.namespace(r.namespace())).as(value).isNull();
            if (r.interfaceName() != null) {
                assertThat(Syntax.interfaceName(r.interfaceName())).as(value).isNull();
                assertThat(interfaces.add(r.interfaceName())).as(value).isTrue();
            }
            if (r.mac() != null) {
                assertThat(Syntax.mac(r.mac())).as(value).isNull();
                assertThat(r.mac()).isEqualTo(Syntax.normalMac(r.mac()));
            }
            r.ips().forEach(ip -> assertThat(Syntax.address(ip, true)).as(value).isNull());
            r.defaultRoute()
                    .forEach(gw ->
                            assertThat(Syntax.address(gw, false)).as(value).isNull());
        }
    }

    private static String commaForm(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(r.nextBoolean() ? "," : " , ");
            }
            if (r.nextInt(3) == 0) {
                b.append(pick(r, "ns", "infra", "team-b")).append('/');
            }
            b.append(pick(r, "red", "blue", "green", "net.a"));
            if (r.nextInt(3) == 0) {
                b.append('@').append("if").append(i);
            }
        }
        return b.toString();
    }

    private static String jsonForm(Random r) {
        StringBuilder b = new StringBuilder("[");
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"name\":\"").append(pick(r, "red", "blue", "green")).append('"');
            if (r.nextBoolean()) {
                b.append(",\"interface\":\"net").append(i).append('"');
            }
            if (r.nextBoolean()) {
                b.append(",\"mac\":\"02:00:00:00:00:0").append(i).append('"');
            }
            if (r.nextBoolean()) {
                b.append(",\"ips\":[\"10.0.").append(i).append(".5/24\"]");
            }
            if (r.nextInt(4) == 0) {
                b.append(",\"default-route\":[\"10.0.").append(i).append(".1\"]");
            }
            if (r.nextInt(4) == 0) {
                b.append(",\"namespace\":\"infra\"");
            }
            b.append('}');
        }
        return b.append(']').toString();
    }

    /** A few random edits: delete, insert a piece, or replace a character with anything. */
    private static String mutate(Random r, String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits && !b.isEmpty(); i++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, PIECES[random.nextInt(PIECES.length)]);
                default -> b.setCharAt(at, (char) r.nextInt(0x3000));
            }
        }
        return b.toString();
    }

    private static String soup(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }
}

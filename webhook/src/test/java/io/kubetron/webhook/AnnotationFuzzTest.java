package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.selection.NetworkSelection;
import io.kubetron.testkit.signing.TestSigning;
import io.kubetron.webhook.metrics.WebhookMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated and malformed {@code networks} annotation values through the CREATE path, with random backend failures:
 * no exception escapes, every rejection carries a message, a rejection leaves no port behind, and every acceptance
 * creates exactly one port per network and a patch that applies.
 */
class AnnotationFuzzTest {
    private static final int CASES = 12_000;
    private static final String[] KNOWN = {"red", "blue", "green"};
    private static final String ALPHABET = "abcxyzRB019-_.,, ,\t\n~/\\\"'{}[]:;=é中\u0000\u202e\uD83D\uDE00";

    @Test
    void fuzzTheCreateHandler() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random rnd = new Random(seed);
        FakeBackend backend = FakeBackend.withRedBlueGreen();
        Admission admission =
                Admission.of(backend, AdmissionSettings.defaults(), TestSigning.supplier(), new WebhookMetrics());
        JsonNode fixture = Fixtures.tree("create-generatename.json");
        int accepted = 0;
        int denied = 0;
        for (int i = 0; i < CASES; i++) {
            String value = value(rnd);
            ObjectNode root = (ObjectNode) fixture.deepCopy();
            ((ObjectNode) root.at("/request/object/metadata/annotations")).put(Annotations.NETWORKS, value);
            ((ObjectNode) root.get("request")).put("uid", "fuzz-" + i);
            backend.failCreateAt = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(3) : -1;
            backend.creates.set(0);
            int before = backend.ports.size();
            JsonNode resp;
            try {
                resp = Fixtures.JSON.readTree(admission.review(Fixtures.JSON.writeValueAsBytes(root)));
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " case " + i + " value " + quote(value) + " threw", e);
            }
            String where = "seed " + seed + " case " + i + " value " + quote(value);
            assertThat(resp.at("/response/uid").asString()).as(where).isEqualTo("fuzz-" + i);
            if (resp.at("/response/allowed").asBoolean()) {
                accepted++;
                JsonNode pod = Fixtures.patchedPod(root, resp);
                JsonNode spec = Fixtures.JSON.readTree(pod.at("/metadata/annotations")
                        .get(Annotations.NETWORKS_SPEC)
                        .asString());
                assertThat(backend.ports.size() - before).as(where).isEqualTo(spec.size());
                backend.ports.clear();
            } else {
                denied++;
                assertThat(resp.at("/response/status/message").asString())
                        .as(where)
                        .isNotBlank();
                assertThat(backend.ports.size())
                        .as(where + ": nothing may be left")
                        .isEqualTo(before);
            }
        }
        if (accepted < CASES / 50 || denied < CASES / 2) {
            fail("the generator is skewed (seed " + seed + "): " + accepted + " accepted, " + denied + " denied");
        }
    }

    /**
     * The same properties for the Network Plumbing WG's annotation, both forms, with addresses, MACs, interface names
     * and default routes inside and outside the networks' subnets; an accepted Pod's ports carry what it asked for.
     */
    @Test
    void fuzzTheStandardAnnotation() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random rnd = new Random(seed);
        FakeBackend backend = FakeBackend.withRedBlueGreen();
        Admission admission = Admission.of(
                backend,
                AdmissionSettings.defaults(),
                TestSigning.supplier(),
                new WebhookMetrics(),
                io.kubetron.webhook.create.PortsAdmitted.NONE,
                NamesAreNetworks.DIRECTORY);
        JsonNode fixture = Fixtures.tree("create-generatename.json");
        int accepted = 0;
        int denied = 0;
        for (int i = 0; i < CASES; i++) {
            String value = standardValue(rnd);
            ObjectNode root = (ObjectNode) fixture.deepCopy();
            ObjectNode annotations = (ObjectNode) root.at("/request/object/metadata/annotations");
            annotations.remove(Annotations.NETWORKS);
            annotations.put(NetworkSelection.ANNOTATION, value);
            ((ObjectNode) root.get("request")).put("uid", "fuzz-" + i);
            backend.failCreateAt = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(3) : -1;
            backend.creates.set(0);
            String where = "seed " + seed + " case " + i + " value " + quote(value);
            JsonNode resp;
            try {
                resp = Fixtures.JSON.readTree(admission.review(Fixtures.JSON.writeValueAsBytes(root)));
            } catch (RuntimeException e) {
                throw new AssertionError(where + " threw", e);
            }
            assertThat(resp.at("/response/uid").asString()).as(where).isEqualTo("fuzz-" + i);
            if (resp.at("/response/allowed").asBoolean()
                    && resp.at("/response/patch").isMissingNode()) {
                // a value that selects nothing ([] or an empty one)
                assertThat(backend.ports).as(where).isEmpty();
                continue;
            }
            if (resp.at("/response/allowed").asBoolean()) {
                accepted++;
                JsonNode pod = Fixtures.patchedPod(root, resp);
                NetworksSpec spec = NetworksSpec.parse(pod.at("/metadata/annotations")
                        .get(Annotations.NETWORKS_SPEC)
                        .asString());
                assertThat(backend.ports).as(where).hasSize(spec.ports().size());
                assertThat(spec.ports().values().stream()
                                .map(NetworksSpec.Port::portName)
                                .distinct()
                                .count())
                        .as(where + ": interface names are unique")
                        .isEqualTo(spec.ports().size());
                for (NetworksSpec.Port p : spec.ports().values()) {
                    assertThat(backend.ports.get(p.portId())).as(where).isNotNull();
                    assertThat(backend.ports.get(p.portId()).macAddress()).isEqualTo(p.macAddress());
                }
                backend.ports.clear();
            } else {
                denied++;
                assertThat(resp.at("/response/status/message").asString())
                        .as(where)
                        .isNotBlank();
                assertThat(backend.ports).as(where + ": nothing may be left").isEmpty();
            }
        }
        if (accepted < CASES / 20 || denied < CASES / 4) {
            fail("the generator is skewed (seed " + seed + "): " + accepted + " accepted, " + denied + " denied");
        }
    }

    private static final String[] STANDARD_NAMES = {"red", "blue", "green", "other/red", "pink"};
    private static final String[] ADDRESSES = {
        "10.1.0.7", "10.1.0.7/24", "10.1.0.300", "10.2.0.9", "10.1.0.8/16", "fd00::1", "red", ""
    };
    private static final String[] MACS = {"02:00:00:00:00:01", "02-AA-00-00-00-02", "01:00:5e:00:00:01", "zz", ""};
    private static final String[] INTERFACES = {"net1", "net2", "eth0", "lo", "a-very-long-interface", "", "net1"};

    /** One value of the standard annotation: JSON elements with any of its keys, comma items, or junk. */
    static String standardValue(Random rnd) {
        int kind = rnd.nextInt(6);
        if (kind == 0) {
            return junk(rnd, rnd.nextInt(60));
        }
        if (kind == 1) {
            List<String> items = new ArrayList<>();
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                String item = STANDARD_NAMES[rnd.nextInt(STANDARD_NAMES.length)];
                if (rnd.nextBoolean()) {
                    item += "@" + INTERFACES[rnd.nextInt(INTERFACES.length)];
                }
                items.add(item);
            }
            return String.join(rnd.nextBoolean() ? "," : ", ", items);
        }
        StringBuilder b = new StringBuilder("[");
        int n = kind == 2 ? 0 : 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"name\":\"")
                    .append(STANDARD_NAMES[rnd.nextInt(STANDARD_NAMES.length)])
                    .append('"');
            if (rnd.nextInt(3) == 0) {
                b.append(",\"interface\":\"")
                        .append(INTERFACES[rnd.nextInt(INTERFACES.length)])
                        .append('"');
            }
            if (rnd.nextInt(3) == 0) {
                b.append(",\"mac\":\"").append(MACS[rnd.nextInt(MACS.length)]).append('"');
            }
            if (rnd.nextInt(3) == 0) {
                b.append(",\"ips\":[\"")
                        .append(ADDRESSES[rnd.nextInt(ADDRESSES.length)])
                        .append("\"]");
            }
            if (rnd.nextInt(5) == 0) {
                b.append(",\"default-route\":[\"")
                        .append(ADDRESSES[rnd.nextInt(ADDRESSES.length)])
                        .append("\"]");
            }
            if (rnd.nextInt(8) == 0) {
                b.append(rnd.nextBoolean() ? ",\"example.com/x\":1" : ",\"bandwidth\":{}");
            }
            if (rnd.nextInt(20) == 0) {
                b.append(junk(rnd, 3));
            }
            b.append('}');
        }
        return b.append(kind == 3 && rnd.nextBoolean() ? "" : "]").toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints()
                .limit(200)
                .forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.append('"').toString();
    }

    /** One value: a mix of near-valid lists, random junk and edge cases. */
    static String value(Random rnd) {
        return switch (rnd.nextInt(8)) {
            case 0, 1 -> list(rnd, false);
            case 2 -> list(rnd, true);
            case 3 -> junk(rnd, rnd.nextInt(40));
            case 4 -> junk(rnd, 200 + rnd.nextInt(3000));
            case 5 -> ",".repeat(rnd.nextInt(50)) + (rnd.nextBoolean() ? "red" : "");
            case 6 -> edgeName(rnd);
            default -> {
                List<String> items = new ArrayList<>();
                int n = rnd.nextInt(40);
                for (int i = 0; i < n; i++) {
                    items.add(KNOWN[rnd.nextInt(KNOWN.length)] + (rnd.nextBoolean() ? "" : Integer.toString(i)));
                }
                yield String.join(",", items);
            }
        };
    }

    private static String list(Random rnd, boolean mangle) {
        List<String> items = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = rnd.nextInt(6) == 0 ? "net" + rnd.nextInt(10) : KNOWN[rnd.nextInt(KNOWN.length)];
            if (mangle) {
                name = switch (rnd.nextInt(5)) {
                    case 0 -> name.toUpperCase();
                    case 1 -> "-" + name;
                    case 2 -> name + junk(rnd, 1);
                    case 3 -> "";
                    default -> name;
                };
            }
            items.add(" ".repeat(rnd.nextInt(3)) + name + " ".repeat(rnd.nextInt(3)));
        }
        return String.join(",", items);
    }

    private static String junk(Random rnd, int length) {
        StringBuilder b = new StringBuilder();
        int[] cps = ALPHABET.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            b.appendCodePoint(cps[rnd.nextInt(cps.length)]);
        }
        return b.toString();
    }

    private static String edgeName(Random rnd) {
        String base = "r".repeat(1 + rnd.nextInt(70));
        return switch (rnd.nextInt(4)) {
            case 0 -> base;
            case 1 -> base + ".";
            case 2 -> "." + base;
            default -> base + "_" + base;
        };
    }
}

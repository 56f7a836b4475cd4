package io.kubetron.model.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.model.InvalidNetworkRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkSelectionTest {
    private static List<AttachmentRequest> parse(String value) {
        return NetworkSelection.parse(value, "team-a", 8);
    }

    private static void refused(String value, String... phrases) {
        assertThatThrownBy(() -> parse(value))
                .isInstanceOf(InvalidNetworkRequestException.class)
                .hasMessageStartingWith("invalid " + NetworkSelection.ANNOTATION + " annotation: ")
                .hasMessageContainingAll(phrases);
    }

    @Test
    void theCommaFormNamesNetworksWithOptionalNamespaceAndInterface() {
        assertThat(parse("red, other/blue@data0 ,green@net1"))
                .containsExactly(
                        new AttachmentRequest("team-a", "red", null, null, List.of(), List.of()),
                        new AttachmentRequest("other", "blue", "data0", null, List.of(), List.of()),
                        new AttachmentRequest("team-a", "green", "net1", null, List.of(), List.of()));
        // the same network twice is two attachments
        assertThat(parse("red,red")).hasSize(2);
        assertThat(parse("red").getFirst().qualifiedName()).isEqualTo("team-a/red");
    }

    @Test
    void theJsonFormCarriesStaticRequests() {
        List<AttachmentRequest> r = parse("[{\"name\":\"red\",\"namespace\":\"infra\",\"interface\":\"ext0\","
                + "\"mac\":\"02:AB:cd:00:00:01\",\"ips\":[\"10.1.1.11/24\",\"fd00::11/64\"],"
                + "\"default-route\":[\"10.1.1.1\"]},{\"name\":\"blue\",\"example.com/color\":\"x\"}]");
        assertThat(r)
                .containsExactly(
                        new AttachmentRequest(
                                "infra",
                                "red",
                                "ext0",
                                "02:ab:cd:00:00:01",
                                List.of("10.1.1.11/24", "fd00::11/64"),
                                List.of("10.1.1.1")),
                        new AttachmentRequest("team-a", "blue", null, null, List.of(), List.of()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "red,,blue | item 2 is empty",
                "a/b/c | more than one '/'",
                "red@a@b | more than one '@'",
                "/red | the namespace before '/' is empty",
                "Red | 'Red' is not a valid network name",
                "team_a/red | namespace 'team_a' is not a valid namespace name",
                "red@averyveryverylongname | interface 'averyveryverylongname' must have 1 to 15 characters",
                "red@eth0 | interface 'eth0' is taken",
                "red@a/b | namespace 'red@a' is not a valid namespace name",
                "red@x,blue@x | interface names used more than once: x",
                "'a,b,c,d,e,f,g,h,i' | 9 attachments requested, at most 8",
            })
    void commaFormMistakesAreNamed(String value, String phrase) {
        refused(value, phrase);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\":\"red\"} | a list of objects",
                "[] | names no network",
                "[\"red\"] | element 1 is not an object",
                "[{\"namespace\":\"x\"}] | element 1 has no \"name\"",
                "[{\"name\":7}] | \"name\" must be a string",
                "[{\"name\":\"red\",\"mac\":\"01:00:5e:00:00:01\"}] | is a multicast address",
                "[{\"name\":\"red\",\"mac\":\"00:00:00:00:00:00\"}] | is all zeros",
                "[{\"name\":\"red\",\"mac\":\"02:00:00:00:00\"}] | is not a MAC address of six octets",
                "[{\"name\":\"red\",\"ips\":\"10.0.0.1\"}] | \"ips\" must be a list of addresses",
                "[{\"name\":\"red\",\"ips\":[\"10.0.0.256\"]}] | '10.0.0.256' is not an IPv4 or IPv6 address",
                "[{\"name\":\"red\",\"ips\":[\"example.com\"]}] | 'example.com' is not an IPv4 or IPv6 address",
                "[{\"name\":\"red\",\"ips\":[\"10.0.0.1/33\"]}] | no valid prefix length (0 to 32)",
                "[{\"name\":\"red\",\"ips\":[\"10.0.0.1\",\"10.0.0.1\"]}] | lists 10.0.0.1 twice",
                "[{\"name\":\"red\",\"default-route\":[\"10.0.0.1/24\"]}] | no prefix length here",
                "[{\"name\":\"red\",\"bandwidth\":{}}] | 'bandwidth' is not supported by Kubetron",
                "[{\"name\":\"red\",\"colour\":\"x\"}] | unknown key 'colour'",
                "[{\"name\":\"red\",\"name\":\"blue\"}] | not valid JSON",
                "[{\"name\":\"red\"}] x | not valid JSON",
            })
    void jsonFormMistakesAreNamed(String value, String phrase) {
        refused(value, phrase);
    }

    @Test
    void everyProblemOfAValueIsInOneMessage() {
        refused("Red,,x/y/z", "'Red' is not a valid network name", "item 2 is empty", "item 3");
        refused("[{\"name\":\"Red\",\"mac\":\"zz\",\"ips\":[\"1.2.3\"]}]", "'Red'", "mac 'zz'", "'1.2.3'");
    }

    @ParameterizedTest
    @CsvSource({
        "::1, true",
        "fe80::1, true",
        "2001:db8::8a2e:370:7334, true",
        "1:2:3:4:5:6:7:8, true",
        "::ffff:192.0.2.1, true",
        "1:2:3:4:5:6:192.0.2.1, true",
        "1:2:3:4:5:6:7:8:9, false",
        "1::2::3, false",
        ":1, false",
        "12345::, false",
        "::ffff:192.0.2.256, false",
        "fe80::1%eth0, false",
    })
    void ipv6LiteralsAreReadStrictly(String text, boolean ok) {
        assertThat(Syntax.isIpv6(text)).isEqualTo(ok);
    }

    @Test
    void readKeepsEveryElementWithItsOwnProblemsSoOnlyKubetronsAreHeldToThem() {
        NetworkSelection.Read r = NetworkSelection.read(
                "[{\"name\":\"sriov\",\"bandwidth\":{\"ingressRate\":1},\"cni-args\":{\"a\":{\"b\":{}}},"
                        + "\"mac\":\"00:11:22:33:44:55:66:77\"},{\"Name\":\"ib\",\"Interface\":\"ib0\"},"
                        + "{\"name\":\"red\",\"interface\":\"data0\"}]",
                "team-a");
        assertThat(r.problems()).isEmpty();
        assertThat(r.elements()).extracting(NetworkSelection.Element::name).containsExactly("sriov", "ib", "red");
        NetworkSelection.Element sriov = r.elements().get(0);
        assertThat(sriov.request()).isNull();
        assertThat(sriov.problems()).anyMatch(p -> p.contains("'bandwidth' is not supported"));
        assertThat(sriov.reference().qualifiedName()).isEqualTo("team-a/sriov");
        assertThat(r.elements().get(1).interfaceName())
                .as("Go matches keys regardless of case")
                .isEqualTo("ib0");
        assertThat(r.elements().get(2).request()).isNotNull();
        assertThat(r.elements().get(2).problems()).isEmpty();
    }

    @Test
    void anEmptyValueAndAnEmptyListSelectNothingWhenRead() {
        for (String v : new String[] {"", " ", "[]", " [ ] ", "\n[]\n"}) {
            NetworkSelection.Read r = NetworkSelection.read(v, "team-a");
            assertThat(r.elements()).as(v).isEmpty();
            assertThat(r.problems()).as(v).isEmpty();
        }
        assertThat(NetworkSelection.read("{\"name\":\"x\"}", "team-a").problems())
                .singleElement()
                .asString()
                .contains("list of objects");
        assertThat(NetworkSelection.read("red,,blue", "team-a").problems()).containsExactly("item 2 is empty");
    }
}

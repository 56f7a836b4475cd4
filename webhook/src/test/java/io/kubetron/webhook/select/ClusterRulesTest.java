package io.kubetron.webhook.select;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.kubetron.model.network.AdoptedNetwork;
import io.kubetron.model.network.Network;
import io.kubetron.model.network.NetworkSpec;
import io.kubetron.model.selection.AttachmentRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may join which network, decided over the cluster's objects as a user would set them up. */
class ClusterRulesTest {
    private final Map<String, Network> networks = new HashMap<>();
    private final Map<String, String> nads = new HashMap<>();
    private final Map<String, Map<String, String>> namespaces = new HashMap<>();
    private final ClusterRules rules = new ClusterRules(new ClusterObjects() {
        @Override
        public Optional<Network> network(String name) {
            return Optional.ofNullable(networks.get(name));
        }

        @Override
        public Optional<String> attachmentConfig(String namespace, String name) {
            return Optional.ofNullable(nads.get(namespace + "/" + name));
        }

        @Override
        public Optional<Map<String, String>> namespaceLabels(String namespace) {
            return Optional.ofNullable(namespaces.get(namespace));
        }
    });

    ClusterRulesTest() {
        namespaces.put("team-a", Map.of("kubernetes.io/metadata.name", "team-a", "tenant", "a"));
        namespaces.put("team-b", Map.of("kubernetes.io/metadata.name", "team-b", "tenant", "b"));
        namespaces.put("shared", Map.of("kubernetes.io/metadata.name", "shared"));
    }

    private void network(String name, String adoptName, LabelSelector selector) {
        Network n = Network.named(name);
        NetworkSpec spec = new NetworkSpec();
        if (adoptName != null) {
            AdoptedNetwork a = new AdoptedNetwork();
            a.setName(adoptName);
            spec.setAdopt(a);
        }
        spec.setNamespaceSelector(selector);
        n.setSpec(spec);
        networks.put(name, n);
    }

    private static LabelSelector tenant(String t) {
        return new LabelSelectorBuilder().addToMatchLabels("tenant", t).build();
    }

    private static AttachmentRequest ask(String namespace, String name) {
        return new AttachmentRequest(namespace, name, null, null, List.of(), List.of());
    }

    @Test
    void aNetworkAdmitsOnlyTheNamespacesItsSelectorSelects() {
        network("red", "ovn-red", tenant("a"));
        assertThat(rules.resolve(ask("team-a", "red"), false, "team-a"))
                .isEqualTo(new Resolution.Ours("ovn-red", "Network red"));
        assertThat(rules.resolve(ask("team-b", "red"), false, "team-b"))
                .isInstanceOfSatisfying(
                        Resolution.Refused.class,
                        r -> assertThat(r.message()).contains("Network red does not admit Pods of namespace team-b"));
        // the original annotation is held to the same rule
        assertThat(rules.resolve(ask("team-b", "red"), true, "team-b")).isInstanceOf(Resolution.Refused.class);
        assertThat(rules.resolve(ask("team-a", "red"), true, "team-a")).isInstanceOf(Resolution.Ours.class);
    }

    @Test
    void noSelectorAdmitsNobodyAndAnEmptyOneEverybody() {
        network("closed", null, null);
        network("open", null, new LabelSelector());
        assertThat(rules.resolve(ask("team-a", "closed"), false, "team-a")).isInstanceOf(Resolution.Refused.class);
        assertThat(rules.resolve(ask("shared", "open"), false, "shared"))
                .isEqualTo(new Resolution.Ours("open", "Network open"));
    }

    @Test
    void aKubetronAttachmentDefinitionNamesItsNetworkAndOthersAreLeftToMultus() {
        network("red", null, new LabelSelector());
        nads.put("team-a/red-net", "{\"cniVersion\":\"1.0.0\",\"type\":\"kubetron\",\"network\":\"red\"}");
        nads.put("team-a/list", "{\"cniVersion\":\"1.0.0\",\"name\":\"red\",\"plugins\":[{\"type\":\"kubetron\"}]}");
        nads.put("team-a/macvlan", "{\"cniVersion\":\"1.0.0\",\"type\":\"macvlan\",\"master\":\"eth1\"}");
        nads.put("team-a/file", "");
        assertThat(rules.resolve(ask("team-a", "red-net"), false, "team-a"))
                .isEqualTo(new Resolution.Ours("red", "NetworkAttachmentDefinition team-a/red-net (Network red)"));
        assertThat(rules.resolve(ask("team-a", "list"), false, "team-a")).isInstanceOf(Resolution.Ours.class);
        assertThat(rules.resolve(ask("team-a", "macvlan"), false, "team-a")).isInstanceOf(Resolution.NotOurs.class);
        assertThat(rules.resolve(ask("team-a", "file"), false, "team-a")).isInstanceOf(Resolution.NotOurs.class);
    }

    @Test
    void aDefinitionCannotHandOutANetworkItsOwnNamespaceMayNotUse() {
        network(
                "red",
                null,
                new LabelSelectorBuilder()
                        .addNewMatchExpression()
                        .withKey("kubernetes.io/metadata.name")
                        .withOperator("In")
                        .withValues("team-b")
                        .endMatchExpression()
                        .build());
        nads.put("team-a/red", "{\"type\":\"kubetron\",\"network\":\"red\"}");
        assertThat(rules.resolve(ask("team-a", "red"), false, "team-b"))
                .isInstanceOfSatisfying(
                        Resolution.Refused.class,
                        r -> assertThat(r.message())
                                .contains("NetworkAttachmentDefinition team-a/red")
                                .contains("which namespace team-a may not use"));
    }

    @Test
    void unknownNamesAndDanglingDefinitionsSayWhatIsMissing() {
        nads.put("team-a/ghost", "{\"type\":\"kubetron\",\"network\":\"ghost\"}");
        assertThat(rules.resolve(ask("team-a", "ghost"), false, "team-a"))
                .isInstanceOfSatisfying(
                        Resolution.Refused.class,
                        r -> assertThat(r.message()).contains("names Network ghost, which does not exist"));
        assertThat(rules.resolve(ask("team-a", "pink"), false, "team-a"))
                .isInstanceOfSatisfying(
                        Resolution.Refused.class,
                        r -> assertThat(r.message())
                                .contains("no NetworkAttachmentDefinition team-a/pink and no Network named pink"));
        assertThat(rules.resolve(ask("team-a", "pink"), true, "team-a"))
                .isInstanceOfSatisfying(
                        Resolution.Refused.class,
                        r -> assertThat(r.message()).contains("there is no Network named pink"));
    }

    @Test
    void aNameOfAnotherNamespaceIsADefinitionThereNeverANetwork() {
        network("red", null, new LabelSelector());
        assertThat(rules.resolve(ask("team-b", "red"), false, "team-a"))
                .isInstanceOfSatisfying(
                        Resolution.Refused.class,
                        r -> assertThat(r.message()).isEqualTo("there is no NetworkAttachmentDefinition team-b/red"));
    }

    @Test
    void aDefinitionWithoutANetworkKeyNamesTheNetworkOfItsOwnName() {
        network("red", null, new LabelSelector());
        nads.put("team-a/red", "{\"cniVersion\":\"1.0.0\",\"type\":\"kubetron\"}");
        assertThat(rules.resolve(ask("team-a", "red"), false, "team-a"))
                .isEqualTo(new Resolution.Ours("red", "NetworkAttachmentDefinition team-a/red (Network red)"));
    }

    @Test
    void aNetworkBeingDeletedTakesNoNewPods() {
        network("red", null, new LabelSelector());
        networks.get("red").getMetadata().setDeletionTimestamp("2026-12-04T21:00:00Z");
        assertThat(rules.resolve(ask("team-a", "red"), false, "team-a"))
                .isInstanceOfSatisfying(
                        Resolution.Refused.class, r -> assertThat(r.message()).contains("being deleted"));
    }

    @Test
    void selectorOperatorsFollowUpstream() {
        Map<String, String> labels = Map.of("tier", "db", "env", "prod");
        assertThat(LabelSelectors.matches(sel("tier", "In", "db", "web"), labels))
                .isTrue();
        assertThat(LabelSelectors.matches(sel("tier", "NotIn", "db"), labels)).isFalse();
        assertThat(LabelSelectors.matches(sel("zone", "NotIn", "x"), labels)).isTrue();
        assertThat(LabelSelectors.matches(sel("env", "Exists"), labels)).isTrue();
        assertThat(LabelSelectors.matches(sel("env", "DoesNotExist"), labels)).isFalse();
        assertThat(LabelSelectors.matches(sel("env", "In"), labels))
                .as("In without values")
                .isFalse();
        assertThat(LabelSelectors.matches(sel("env", "Gt", "1"), labels))
                .as("unknown operator")
                .isFalse();
        assertThat(LabelSelectors.matches(null, labels)).isFalse();
        assertThat(LabelSelectors.matches(new LabelSelector(), Map.of())).isTrue();
    }

    private static LabelSelector sel(String key, String op, String... values) {
        return new LabelSelectorBuilder()
                .addNewMatchExpression()
                .withKey(key)
                .withOperator(op)
                .withValues(values)
                .endMatchExpression()
                .build();
    }
}

package io.kubetron.model.owner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PortOwnerTest {
    /** Made at CREATE admission: the API server had not given the Pod a uid yet. */
    private static final PortOwner AT_CREATE = new PortOwner("a", "web", null, null, "req-1");

    private static final PortOwner WITH_UID = new PortOwner("a", "web", null, "u1", "req-1");
    private static final PortOwner GENERATED = new PortOwner("a", null, "web-", null, "req-1");

    @Test
    void aPortMadeAtCreateAdmissionIsItsPodsByName() {
        assertThat(AT_CREATE.matches("a", "web", "u1")).isTrue();
        assertThat(AT_CREATE.matches("a", "web", null)).isTrue();
        assertThat(AT_CREATE.matches("a", "api", "u1")).isFalse();
        assertThat(AT_CREATE.matches("b", "web", "u1")).as("another namespace").isFalse();
    }

    @Test
    void aKnownUidMustBeTheSame() {
        assertThat(WITH_UID.matches("a", "web", "u1")).isTrue();
        assertThat(WITH_UID.matches("a", "web", "u2"))
                .as("a new Pod of the same name")
                .isFalse();
    }

    @Test
    void aGenerateNameRecordMeansEveryPodWithThatPrefix() {
        assertThat(GENERATED.matches("a", "web-x7k2p", "u1")).isTrue();
        assertThat(GENERATED.matches("a", "api-x7k2p", "u1")).isFalse();
    }

    // The cases below are where the webhook's old DELETE rule (uid alone decides once both know one; a blank uid
    // counts as known) and the lifecycle controller's old rule (a recorded uid must equal the Pod's, even an unknown
    // one) disagreed.

    @Test
    void aMatchingUidDoesNotOverruleADifferentName() {
        assertThat(WITH_UID.matches("a", "api", "u1"))
                .as("old DELETE: true; old lifecycle: false")
                .isFalse();
        assertThat(new PortOwner("a", null, "web-", "u1", null).matches("a", "api-x7k2p", "u1"))
                .as("generateName record with a uid; old DELETE: true; old lifecycle: false")
                .isFalse();
    }

    @Test
    void aCallerThatDoesNotKnowTheUidIsAnsweredByName() {
        assertThat(WITH_UID.matches("a", "web", null))
                .as("old DELETE: true; old lifecycle: false")
                .isTrue();
        assertThat(WITH_UID.matches("a", "web", "")).isTrue();
    }

    @Test
    void aBlankRecordedUidIsUnknown() {
        PortOwner blank = new PortOwner("a", "web", "", "", "");
        assertThat(blank).isEqualTo(new PortOwner("a", "web", null, null, null));
        assertThat(blank.matches("a", "web", "u1"))
                .as("old DELETE: false; old lifecycle: true")
                .isTrue();
    }

    @Test
    void aPodWithoutANameIsNobodys() {
        assertThat(GENERATED.matches("a", null, "u1"))
                .as("old DELETE: NullPointerException")
                .isFalse();
        assertThat(AT_CREATE.matches("a", null, null)).isFalse();
    }

    @Test
    void aRecordNeedsANamespaceAndANameOrPrefix() {
        assertThatThrownBy(() -> new PortOwner("", "web", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortOwner("a", "", "", "u1", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tagsAreTheContractsKeysAndSkipUnknownFields() {
        assertThat(new PortOwner("a", "web", null, "u1", "req-1").tags())
                .containsExactly(
                        Map.entry("kubetron:pod-namespace", "a"),
                        Map.entry("kubetron:pod-name", "web"),
                        Map.entry("kubetron:pod-uid", "u1"),
                        Map.entry("kubetron:request-uid", "req-1"));
        assertThat(GENERATED.tags())
                .containsExactly(
                        Map.entry("kubetron:pod-namespace", "a"),
                        Map.entry("kubetron:pod-generate-name", "web-"),
                        Map.entry("kubetron:request-uid", "req-1"));
    }

    @Test
    void tagsReadBack() {
        assertThat(PortOwner.fromTags(WITH_UID.tags())).isEqualTo(WITH_UID);
        assertThat(PortOwner.fromTags(GENERATED.tags())).isEqualTo(GENERATED);
        assertThat(PortOwner.fromTags(Map.of("kubetron:pod-name", "web")))
                .as("no namespace")
                .isNull();
        assertThat(PortOwner.fromTags(Map.of("iface-id", "p1"))).isNull();
    }

    @Test
    void theKeysAndCreatorsAreThoseAlreadyWritten() {
        assertThat(OwnerKeys.CREATOR).isEqualTo("kubetron:creator");
        assertThat(OwnerKeys.NETWORK).isEqualTo("kubetron:network");
        assertThat(OwnerKeys.PORT_NAME).isEqualTo("kubetron:port-name");
        assertThat(OwnerKeys.BACKEND_CREATOR).isEqualTo("kubetron");
        assertThat(OwnerKeys.NODE_CREATOR).isEqualTo("kubetron-node");
    }

    @Test
    void display() {
        assertThat(WITH_UID.display()).isEqualTo("a/web");
        assertThat(GENERATED.display()).isEqualTo("a/web-*");
    }
}

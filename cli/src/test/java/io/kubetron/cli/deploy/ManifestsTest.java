package io.kubetron.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under deploy/ is valid for the API server (strictly: no unknown field, no coerced value), both
 * variants build with kustomize, and together they apply every file. The security and consistency checks of the
 * individual components are in the other tests of this package.
 */
class ManifestsTest {
    static final String IMAGE = "ghcr.io/kubetron/kubetron:0.1.0";

    @Test
    void everyDocumentUnderDeployHasOnlyFieldsItsKindKnows() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (DeployTree.Doc doc : DeployTree.documents()) {
            if (doc.apiVersion().startsWith("kustomize.config.k8s.io/")) {
                continue; // kustomize itself checks its files, in the build tests below
            }
            try {
                if (CertManagerSchema.applies(doc)) {
                    CertManagerSchema.check(doc);
                } else {
                    StrictModel.read(doc);
                }
                checked++;
            } catch (AssertionError | RuntimeException e) {
                failures.add(e.getMessage());
            }
        }
        assertThat(failures)
                .as("manifests that the API server or cert-manager would refuse")
                .isEmpty();
        assertThat(checked).as("documents checked").isGreaterThanOrEqualTo(20);
    }

    @Test
    void theStrictReadRefusesAnUnknownFieldAndACoercedValue() {
        DeployTree.Doc typo = doc("""
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec:
                  ports: [{port: 443, targetPrt: https}]
                """);
        DeployTree.Doc quoted = doc("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec: {replicas: "2"}
                """);
        DeployTree.Doc unknownKind = doc("""
                apiVersion: example.com/v1
                kind: Gadget
                metadata: {name: g}
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StrictModel.read(typo))
                .hasMessageContaining("unknown field(s) [targetPrt]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StrictModel.read(quoted))
                .hasMessageContaining("spec.replicas");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StrictModel.read(unknownKind))
                .hasMessageContaining("not a kind fabric8's model knows");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CertManagerSchema.check(doc("""
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: c}
                spec: {secretName: s, dnsName: [x], privateKey: {algorithm: DSA}}
                """)))
                .hasMessageContaining("spec.dnsName: unknown field")
                .hasMessageContaining("DSA is not one of");
    }

    @Test
    void theDefaultVariantBuildsWithOnlyValidObjectsAndOurImage() {
        List<DeployTree.Doc> built = Kustomize.build(DeployTree.root());
        List<KubernetesResource> objects = built.stream().map(StrictModel::read).toList();
        assertThat(keys(built))
                .contains(
                        "Namespace//kubetron",
                        "Deployment/kubetron/kubetron-webhook",
                        "DaemonSet/kubetron/kubetron-node-agent",
                        "MutatingWebhookConfiguration//kubetron",
                        "ClusterRole//kubetron-node-agent",
                        "ClusterRole//kubetron-lifecycle",
                        "ConfigMap/kubetron/kubetron-node-agent",
                        "ConfigMap/kubetron/kubetron-backend",
                        "PodDisruptionBudget/kubetron/kubetron-webhook",
                        "Service/kubetron/kubetron-webhook");
        assertThat(images(objects)).containsOnly(IMAGE);
        MutatingWebhookConfiguration mwc = one(objects, MutatingWebhookConfiguration.class);
        assertThat(mwc.getMetadata().getAnnotations())
                .as("no cert-manager without the overlay")
                .isNullOrEmpty();
    }

    @Test
    void theCertManagerOverlayBuildsAndInjectsTheCaOfTheServingCertificate() {
        List<DeployTree.Doc> built = Kustomize.build(DeployTree.root().resolve("overlays/cert-manager"));
        List<KubernetesResource> objects = new ArrayList<>();
        List<DeployTree.Doc> certManager = new ArrayList<>();
        for (DeployTree.Doc d : built) {
            if (CertManagerSchema.applies(d)) {
                CertManagerSchema.check(d);
                certManager.add(d);
            } else {
                objects.add(StrictModel.read(d));
            }
        }
        assertThat(images(objects)).containsOnly(IMAGE);
        CertManagerChain chain = new CertManagerChain(certManager);
        MutatingWebhookConfiguration mwc = one(objects, MutatingWebhookConfiguration.class);
        Deployment webhook = one(objects, Deployment.class);
        String tlsSecret = webhook.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("tls"))
                .findFirst()
                .orElseThrow()
                .getSecret()
                .getSecretName();
        String serving = mwc.getMetadata().getAnnotations().get("cert-manager.io/inject-ca-from");
        assertThat(serving)
                .as("inject-ca-from names a Certificate of the overlay")
                .isIn(chain.certificates());
        assertThat(chain.secretOf(serving))
                .as("the injected CA is the one of the Secret the webhook serves")
                .isEqualTo(tlsSecret);
        mwc.getWebhooks()
                .forEach(w -> assertThat(chain.dnsNamesOf(serving))
                        .as("certificate names of " + w.getName())
                        .contains(w.getClientConfig().getService().getName() + "."
                                + w.getClientConfig().getService().getNamespace() + ".svc"));
        assertThat(chain.signedByACa(serving))
                .as("the serving certificate is signed by a CA Issuer, so renewals " + "keep the caBundle")
                .isTrue();
        // everything else is the default variant's
        List<DeployTree.Doc> base = Kustomize.build(DeployTree.root());
        assertThat(keys(built)).containsAll(keys(base));
    }

    @Test
    void everyManifestFileIsAppliedByOneOfTheVariants() {
        Set<String> built = new TreeSet<>(keys(Kustomize.build(DeployTree.root())));
        built.addAll(keys(Kustomize.build(DeployTree.root().resolve("overlays/cert-manager"))));
        List<DeployTree.Doc> inFiles = DeployTree.documents().stream()
                .filter(d -> !d.apiVersion().startsWith("kustomize.config.k8s.io/"))
                .filter(d -> !d.file().getFileName().toString().equals("example-kubetron-pods.yaml"))
                .toList();
        assertThat(built).containsAll(keys(inFiles));
    }

    @Test
    void theOriginalExamplePodsAreKept() {
        KubernetesList list = (KubernetesList) StrictModel.read(DeployTree.documents().stream()
                .filter(d -> d.file().getFileName().toString().equals("example-kubetron-pods.yaml"))
                .findFirst()
                .orElseThrow());
        assertThat(list.getItems())
                .extracting(i -> i.getMetadata().getName())
                .containsExactly("example-kubetron-pod1", "example-kubetron-pod2");
        assertThat(list.getItems())
                .allSatisfy(p -> assertThat(p.getMetadata().getAnnotations())
                        .containsEntry("kubetron.network.kubevirt.io/networks", "red, blue"));
    }

    static List<String> keys(List<DeployTree.Doc> docs) {
        return docs.stream().map(ManifestsTest::key).toList();
    }

    @SuppressWarnings("unchecked")
    private static String key(DeployTree.Doc d) {
        Map<String, Object> meta = (Map<String, Object>) d.tree().getOrDefault("metadata", Map.of());
        return d.kind() + "/" + Objects.toString(meta.get("namespace"), "") + "/" + meta.get("name");
    }

    static <T> T one(List<KubernetesResource> objects, Class<T> type) {
        List<T> found =
                objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("objects of kind " + type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    /** Every container and init container image of the workloads. */
    static Set<String> images(List<KubernetesResource> objects) {
        Set<String> images = new TreeSet<>();
        for (KubernetesResource o : objects) {
            PodSpec spec = switch (o) {
                case Deployment d -> d.getSpec().getTemplate().getSpec();
                case DaemonSet d -> d.getSpec().getTemplate().getSpec();
                case Pod p -> p.getSpec();
                default -> null;
            };
            if (spec != null) {
                Stream.concat(spec.getContainers().stream(), spec.getInitContainers().stream())
                        .map(Container::getImage)
                        .forEach(images::add);
            }
        }
        return images;
    }

    private static DeployTree.Doc doc(String yaml) {
        return DeployTree.parse(DeployTree.root().resolve("(test)"), yaml).get(0);
    }

    static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }
}

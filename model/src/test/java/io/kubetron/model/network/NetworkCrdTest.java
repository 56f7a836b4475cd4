package io.kubetron.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checked-in CRD (deploy/crds/) is exactly what fabric8's CRD generator makes of the Java types, and says what
 * users rely on. To regenerate it after changing the types:
 * {@code mvn -B -o test -pl model -am -Dtest=NetworkCrdTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dkubetron.crd.write=true}.
 */
class NetworkCrdTest {
    static final String FILE = "deploy/crds/" + Network.CRD_NAME + "-v1.yml";
    private static final String REGENERATE = "mvn -B -o test -pl model -am -Dtest=NetworkCrdTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dkubetron.crd.write=true";

    /** The CRD as the generator makes it, printer columns in the order Network declares them. */
    static String generated() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CRDGenerator()
                .customResourceClasses(Network.class)
                .forCRDVersions("v1")
                .withPostProcessor(new DeclaredColumnOrder())
                .withOutput(new CRDGenerator.CRDOutput<ByteArrayOutputStream>() {
                    @Override
                    public ByteArrayOutputStream outputFor(String crdName) {
                        return out;
                    }

                    @Override
                    public void close() {}
                })
                .generate();
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The generator sorts printer columns by JSON path, which would put Age first; kubectl shows them in the CRD's
     * order, so they keep the order of the annotations on {@link Network}.
     */
    static final class DeclaredColumnOrder implements CRDPostProcessor {
        @Override
        public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            List<String> order = Arrays.stream(Network.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                    .map(AdditionalPrinterColumn::name)
                    .toList();
            for (CustomResourceDefinitionVersion v :
                    ((CustomResourceDefinition) crd).getSpec().getVersions()) {
                List<CustomResourceColumnDefinition> cols = new ArrayList<>(v.getAdditionalPrinterColumns());
                cols.sort(Comparator.comparingInt(c -> order.indexOf(c.getName())));
                v.setAdditionalPrinterColumns(cols);
            }
            return crd;
        }
    }

    private static Path checkedIn() {
        return Path.of(System.getProperty("kubetron.root", "..")).resolve(FILE);
    }

    @Test
    void theCheckedInCrdIsWhatTheTypesGenerate() throws IOException {
        String generated = generated();
        Path file = checkedIn();
        if (Boolean.getBoolean("kubetron.crd.write")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generated);
        }
        assertThat(Files.exists(file))
                .as(FILE + " is missing; generate it with: " + REGENERATE)
                .isTrue();
        assertThat(Files.readString(file))
                .as(FILE + " differs from what the Java types in io.kubetron.model.network generate; after changing "
                        + "the types, regenerate it with: " + REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void theCrdIsClusterScopedWithAStatusSubresourceAndTheColumnsKubectlShows() {
        CustomResourceDefinition crd = Serialization.unmarshal(generated(), CustomResourceDefinition.class);
        assertThat(crd.getMetadata().getName()).isEqualTo("networks.kubetron.network.kubevirt.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("Network");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("ktnet");
        CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
        assertThat(v.getName()).isEqualTo("v1alpha1");
        assertThat(v.getSubresources().getStatus()).isNotNull();
        assertThat(v.getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName)
                .containsExactly("Backend", "Adopted", "Ready", "Ports", "Free", "Age");
        assertThat(v.getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getJsonPath)
                .contains(".status.conditions[?(@.type==\"Ready\")].status", ".metadata.creationTimestamp");
    }

    @Test
    void theSchemaRefusesWhatTheApiServerCanCheckAndDefaultsDhcp() {
        CustomResourceDefinition crd = Serialization.unmarshal(generated(), CustomResourceDefinition.class);
        JSONSchemaProps spec = crd.getSpec()
                .getVersions()
                .get(0)
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec");
        assertThat(spec.getXKubernetesValidations())
                .singleElement()
                .satisfies(r -> assertThat(r.getRule()).isEqualTo("has(self.adopt) != has(self.declare)"));
        assertThat(spec.getProperties().get("adopt").getXKubernetesValidations())
                .singleElement()
                .satisfies(r -> assertThat(r.getRule()).isEqualTo("has(self.name) != has(self.id)"));
        JSONSchemaProps declare = spec.getProperties().get("declare");
        assertThat(declare.getProperties().get("dhcp").getDefault().asBoolean()).isTrue();
        assertThat(declare.getProperties().get("vlan").getMaximum()).isEqualTo(4094.0);
        assertThat(declare.getProperties().get("subnets").getMaxItems()).isEqualTo(1L);
        JSONSchemaProps subnet =
                declare.getProperties().get("subnets").getItems().getSchema();
        assertThat(subnet.getRequired()).containsExactly("cidr");
        String cidr = subnet.getProperties().get("cidr").getPattern();
        assertThat("10.1.0.0/24").matches(cidr);
        assertThat("10.1.0.0/31").doesNotMatch(cidr);
        assertThat("10.1.0.256/24").doesNotMatch(cidr);
        assertThat(spec.getProperties().get("namespaceSelector").getDescription())
                .contains("no namespace may")
                .contains("every namespace");
    }
}

package io.kubetron.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

/** Which module may reach which, as docs/architecture.md draws them. */
class ModuleBoundariesTest {

    @Test
    void protocolClientsCommonModelBackendAndLabKnowNothingOfKubernetes() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.kubetron.ovsdb..",
                        "io.kubetron.neutron..",
                        "io.kubetron.common..",
                        "io.kubetron.lab..",
                        "io.kubetron.backend..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.fabric8..", "io.kubernetes..", "io.kubetron.kubelet..")
                .because(
                        "they talk OVSDB, Neutron or to local daemons; Kubernetes lives in webhook, lifecycle and node")
                .allowEmptyShould(true)
                .check(MainClasses.all());
    }

    @Test
    void theModelHoldsKubernetesTypesButNoClient() {
        noClasses()
                .that()
                .resideInAPackage("io.kubetron.model..")
                .should()
                .dependOnClassesThat(resideInAnyPackage("io.fabric8..", "io.kubernetes..")
                        .and(not(resideInAnyPackage(
                                "io.fabric8.kubernetes.api.model..",
                                "io.fabric8.kubernetes.model.annotation..",
                                "io.fabric8.generator.annotation..",
                                "io.fabric8.crd.generator.annotation..")))
                        .and(not(name("io.fabric8.kubernetes.client.CustomResource")))
                        .as("are not fabric8's model classes, its CRD annotations or CustomResource"))
                .because("the model is the contract (the Network resource among it); talking to a cluster is for "
                        + "webhook, lifecycle and node")
                .check(MainClasses.all());
    }

    @Test
    void commonStandsOnNothingOfKubetron() {
        onlyOwnAndCommon("io.kubetron.common..");
    }

    @Test
    void ovsdbClientUsesNoOtherModule() {
        onlyOwnAndCommon("io.kubetron.ovsdb..");
    }

    @Test
    void neutronClientUsesNoOtherModule() {
        onlyOwnAndCommon("io.kubetron.neutron..");
    }

    @Test
    void labUsesNoOtherModule() {
        onlyOwnAndCommon("io.kubetron.lab..");
    }

    @Test
    void modelUsesNoOtherModule() {
        onlyOwnAndCommon("io.kubetron.model..");
    }

    @Test
    void productMainCodeUsesNoDevKit() {
        noClasses()
                .that()
                .resideInAnyPackage(MainClasses.PRODUCT)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(MainClasses.DEV_KIT)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.junit..",
                        "org.assertj..",
                        "org.awaitility..",
                        "io.fabric8.kubernetes.client.server.mock..",
                        "io.fabric8.mockwebserver..")
                .because("the product image holds no lab, emulation, testkit, demo, test framework or mock API server")
                .check(MainClasses.all());
    }

    /** Classes of {@code module} reach, of Kubetron, only their own module and common. */
    private static void onlyOwnAndCommon(String module) {
        noClasses()
                .that()
                .resideInAPackage(module)
                .should()
                .dependOnClassesThat(resideInAPackage("io.kubetron..")
                        .and(resideOutsideOfPackages(module, "io.kubetron.common.."))
                        .as("belong to another Kubetron module than common"))
                .because("protocol clients, the model, common and the lab are leaves: each stands on common alone")
                .allowEmptyShould(true)
                .check(MainClasses.all());
    }
}

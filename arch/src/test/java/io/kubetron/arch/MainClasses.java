package io.kubetron.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The compiled main classes of every module on this module's test class path, imported once for all rules. */
final class MainClasses {
    /** Package patterns of the product modules, as ArchUnit writes them. */
    static final String[] PRODUCT = {
        "io.kubetron.common..",
        "io.kubetron.model..",
        "io.kubetron.ovsdb..",
        "io.kubetron.neutron..",
        "io.kubetron.backend..",
        "io.kubetron.kubelet..",
        "io.kubetron.node..",
        "io.kubetron.webhook..",
        "io.kubetron.lifecycle..",
        "io.kubetron.cli.."
    };

    /** Package patterns of the dev kit. */
    static final String[] DEV_KIT = {
        "io.kubetron.lab..", "io.kubetron.emulation..", "io.kubetron.testkit..", "io.kubetron.demo.."
    };

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kubetron");

    private MainClasses() {}

    static JavaClasses all() {
        return ALL;
    }
}

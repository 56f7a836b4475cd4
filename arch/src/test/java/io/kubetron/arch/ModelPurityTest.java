package io.kubetron.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * The model is the contract as pure functions: it parses and formats (Jackson on strings is fine) and does no I/O,
 * so every caller decides where data comes from and goes to.
 */
class ModelPurityTest {

    /** Files, streams, sockets, HTTP, TLS, processes. */
    private static final DescribedPredicate<JavaClass> IO = resideInAnyPackage(
                    "java.net..",
                    "java.nio.file..",
                    "java.nio.channels..",
                    "javax.net..",
                    "com.sun.net.httpserver..",
                    "jdk.net..")
            .or(resideInAPackage("java.io")
                    .and(not(belongToAnyOf(Serializable.class, IOException.class, UncheckedIOException.class))))
            .or(belongToAnyOf(Process.class, ProcessBuilder.class, ProcessHandle.class, Runtime.class))
            .as(
                    "are I/O (java.io streams and files, java.net, java.nio.file, java.nio.channels, HTTP, TLS, processes)");

    @Test
    void modelDoesNoIo() {
        noClasses()
                .that()
                .resideInAPackage("io.kubetron.model..")
                .should()
                .dependOnClassesThat(IO)
                .because("the model is pure functions over strings and values: see docs/architecture.md")
                .check(MainClasses.all());
    }
}

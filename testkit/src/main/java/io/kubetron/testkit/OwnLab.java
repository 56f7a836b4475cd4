package io.kubetron.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test class using {@link LabExtension}: give this class a lab of its own (started before its first test,
 * stopped after its last) instead of the one shared by the whole test run. For tests that break or restart the lab.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface OwnLab {}

package io.kubetron.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test class using {@link LabExtension}: its lab also runs a real Neutron (HTTPS, ML2/OVN on the lab's own
 * chassis) and, with {@code keystone = true}, a real Keystone in front of it. Classes with the same {@code keystone}
 * value share one such lab per test run (Neutron costs seconds to start); add {@link OwnLab} for a private one.
 * Tests reach it through a {@link io.kubetron.lab.neutron.NeutronEndpoints} parameter or {@code Lab.neutron()}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface NeutronLab {
    /** Whether Neutron authenticates with a real Keystone; otherwise {@code noauth} (every request is admin). */
    boolean keystone() default false;
}

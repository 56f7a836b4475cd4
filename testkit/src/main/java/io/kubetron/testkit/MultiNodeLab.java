package io.kubetron.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test class using {@link LabExtension}: its lab runs {@code nodes} emulated nodes (each its own Open vSwitch and
 * chassis, Geneve between them) and, with {@code physnet = true}, the provider network with its external host
 * ({@code Lab.nodes()}, {@code Lab.physnet()}). Classes with the same values share one such lab per test run; add
 * {@link OwnLab} for a private one. Combines with {@link NeutronLab}. {@code NetnsPods.create(name, node)} puts a pod
 * on a given node.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface MultiNodeLab {
    /** How many nodes, 1 to 4. */
    int nodes() default 2;

    /** Whether the nodes have the provider network {@code phys-net10} and the external host on VLAN 100. */
    boolean physnet() default false;
}

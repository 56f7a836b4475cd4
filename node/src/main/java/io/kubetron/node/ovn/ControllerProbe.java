package io.kubetron.node.ovn;

/** Tells whether ovn-controller is alive on this node. Implementations are thread-safe. */
@FunctionalInterface
public interface ControllerProbe {
    /** Whether ovn-controller runs and can bind ports (connected to the Southbound database). Never throws. */
    boolean isUp();
}

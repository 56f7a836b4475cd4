package io.kubetron.emulation.sandbox;

import io.kubetron.common.exec.Exec;
import java.util.Set;

/** A Pod's sandbox on a node, as the kubelet holds it: its containers, a way in, and its end. */
public interface Sandbox extends AutoCloseable {
    /** The Pod's UID. */
    String uid();

    /** The sandbox's oldest process (its pause process), or -1 while none runs. */
    long pid();

    /** Runs a command in the Pod, as {@code kubectl exec} does in its first container, and waits for it. */
    Exec.Result exec(String... command);

    /** Stops a started container (it exited, or the kubelet stopped it); false if it was not running. */
    boolean stopContainer(String name);

    /** The names of the containers that run. */
    Set<String> runningContainers();

    /** Stops every container and removes the sandbox with what it holds. */
    @Override
    void close();
}

package io.kubetron.node.deviceplugin;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What runs when the kubelet is about to start the container holding devices of the {@code main} resource: the node
 * agent plumbs the Pod's networks and completes the future when they are ready, so the container (the injected one,
 * which in {@code init} mode precedes every application container) starts only then. A failed future fails the
 * container's start with its message; the kubelet retries with a backoff.
 */
@FunctionalInterface
public interface PreStartHook {
    CompletableFuture<Void> beforeStart(List<String> deviceIds);
}

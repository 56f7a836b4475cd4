package io.kubetron.lifecycle.network;

import io.kubetron.backend.BackendException;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkUsage;
import java.util.Optional;

/**
 * What the backend said about a Network object's backend network, looked up by {@code backendRef()}.
 *
 * @param network the backend network, empty if there is none (or the lookup failed)
 * @param usage its ports and free addresses, null if not counted
 * @param failure why the backend could not be asked (then {@code network} says nothing), or null
 */
record Observation(Optional<Network> network, NetworkUsage usage, BackendException failure) {

    static Observation found(Network n, NetworkUsage usage) {
        return new Observation(Optional.of(n), usage, null);
    }

    static Observation missing() {
        return new Observation(Optional.empty(), null, null);
    }

    static Observation failed(BackendException e) {
        return new Observation(Optional.empty(), null, e);
    }
}

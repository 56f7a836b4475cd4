package io.kubetron.backend;

import java.util.List;
import java.util.Optional;

/**
 * Where Kubetron's networks and ports live: OVN's Northbound database directly, or Neutron. Both behave the same to
 * the rest of Kubetron. Implementations are thread-safe; failures are {@link BackendException}s whose message a user
 * can act on.
 */
public interface NetworkBackend extends AutoCloseable {

    /** {@code ovn} or {@code neutron}. */
    String kind();

    List<Network> listNetworks();

    /** The network with this name or id, if any; an ambiguous name is an error. */
    Optional<Network> findNetwork(String nameOrId);

    /** Creates a network (and its subnet); an existing name is an error. */
    Network createNetwork(NetworkSpec spec);

    /** Deletes a network and its subnet; returns false if there was none. Refused while ports use it. */
    boolean deleteNetwork(String nameOrId);

    /**
     * How many ports a network has and how many addresses are left; {@link BackendException.Reason#NOT_FOUND} if it
     * is gone.
     */
    default NetworkUsage usage(Network network) {
        throw new BackendException(
                BackendException.Reason.UNAVAILABLE, kind() + " backend cannot count the ports of a network");
    }

    /**
     * Creates a port tagged with its owner in one step; MAC and IP come from the backend unless requested. The same as
     * {@link #createPorts} of one.
     */
    default BackendPort createPort(PortRequest request) {
        return createPorts(List.of(request)).get(0);
    }

    /**
     * Creates ports, on one network or several, all or nothing, in one round trip to the backend (one Neutron bulk
     * request, one OVSDB transaction). A requested MAC and fixed IPs are honoured exactly and checked after creation;
     * a request that cannot be honoured (an address outside the network's subnets, the gateway, one in use or asked
     * for twice in this call, a MAC in use) fails the whole call with a {@link BackendException} naming the address
     * and who holds it. When this throws, none of the ports exists.
     *
     * @return the ports, in the order of {@code requests}
     */
    List<BackendPort> createPorts(List<PortRequest> requests);

    /** Deletes a port; a port that does not exist is success (returns false). */
    boolean deletePort(String portId);

    /** The ports Kubetron created, all or those of one owner; ports without Kubetron's owner tags never appear. */
    List<BackendPort> listOwnedPorts(OwnerFilter filter);

    /** Throws {@link BackendException} ({@link BackendException.Reason#UNAVAILABLE}) unless the backend answers. */
    void check();

    @Override
    void close();
}

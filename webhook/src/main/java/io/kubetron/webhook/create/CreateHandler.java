package io.kubetron.webhook.create;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubetron.backend.BackendException;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.PortRequest;
import io.kubetron.common.log.PodLogger;
import io.kubetron.common.signing.NetworksSignature;
import io.kubetron.common.signing.SignedPod;
import io.kubetron.common.signing.SigningKeys;
import io.kubetron.model.Annotations;
import io.kubetron.model.InvalidNetworkRequestException;
import io.kubetron.model.NetworkRequest;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.PodConditions;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.webhook.AdmissionEvents;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.InjectionMode;
import io.kubetron.webhook.patch.PodAdditions;
import io.kubetron.webhook.patch.PodPatch;
import io.kubetron.webhook.review.PodFacts;
import io.kubetron.webhook.review.ReviewRequest;
import io.kubetron.webhook.review.Verdict;
import io.kubetron.webhook.sidecar.ResourceCounts;
import io.kubetron.webhook.sidecar.SidecarBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Admits a Pod CREATE: turns the {@link Annotations#NETWORKS} request into one backend port per network and answers
 * with a patch adding the {@link Annotations#NETWORKS_SPEC} annotation and its {@link Annotations#NETWORKS_SIGNATURE}
 * (made with the primary key of the shared key set), the resource-requesting container (where the
 * {@link InjectionMode} says) and the {@link PodConditions#NETWORKS_READY} readiness gate. A Pod that arrives with
 * either annotation already is refused before anything is made: only Kubetron writes them. Every refusal carries a
 * message for the user; a failure after the first port deletes the ports this request made. Thread-safe (no state of
 * its own beyond its collaborators).
 */
public final class CreateHandler {
    private static final PodLogger LOG = PodLogger.of(LoggerFactory.getLogger(CreateHandler.class));
    private final NetworkBackend backend;
    private final AdmissionSettings settings;
    private final PortNames names;
    private final SidecarBuilder sidecar;
    private final PodPatch patches;
    private final AdmissionEvents events;
    private final PortsAdmitted admitted;
    private final Supplier<SigningKeys> keys;

    public CreateHandler(
            NetworkBackend backend,
            AdmissionSettings settings,
            Supplier<SigningKeys> keys,
            PortNames names,
            PodPatch patches,
            AdmissionEvents events) {
        this(backend, settings, keys, names, patches, events, PortsAdmitted.NONE);
    }

    /**
     * @param keys the key set in service (reloaded when the Secret changes): each networksSpec is signed with its
     *     primary key
     * @param admitted told of every admission that made ports (to follow up whether the Pod was stored)
     */
    public CreateHandler(
            NetworkBackend backend,
            AdmissionSettings settings,
            Supplier<SigningKeys> keys,
            PortNames names,
            PodPatch patches,
            AdmissionEvents events,
            PortsAdmitted admitted) {
        this.keys = keys;
        this.admitted = admitted;
        this.backend = backend;
        this.settings = settings;
        this.names = names;
        this.sidecar = new SidecarBuilder(settings);
        this.patches = patches;
        this.events = events;
    }

    public Verdict handle(ReviewRequest req) {
        Pod pod = req.object();
        Map<String, String> annotations = PodFacts.annotations(pod);
        String value = annotations.get(Annotations.NETWORKS);
        List<String> kubetrons = Annotations.WRITTEN_BY_KUBETRON.stream()
                .filter(annotations::containsKey)
                .toList();
        if (value == null && kubetrons.isEmpty()) {
            return Verdict.allow();
        }
        if (settings.ignoredNamespaces().contains(req.namespace())) {
            LOG.warn(
                    req.logContext(),
                    "ignored (its namespace is ignored) request={}: the webhook configuration should not send it",
                    req.uid());
            return Verdict.allow();
        }
        if (!kubetrons.isEmpty()) {
            // a copy of an admitted Pod (kubectl get -o yaml, kubectl debug --copy-to) or a forgery naming someone
            // else's port: refused before anything is made, so the node agent never sees it signed
            LOG.warn(req.logContext(), "refused a Pod carrying {} request={}", String.join(", ", kubetrons), req.uid());
            return Verdict.deny(
                    400,
                    "the Pod carries " + String.join(" and ", kubetrons) + ", which only Kubetron writes (at "
                            + "admission, for the networks in " + Annotations.NETWORKS + "): remove "
                            + String.join(" and ", Annotations.WRITTEN_BY_KUBETRON)
                            + " from the Pod you create (was it copied from another Pod?)");
        }
        NetworkRequest request;
        try {
            request = NetworkRequest.parse(value, settings.maxNetworks());
        } catch (InvalidNetworkRequestException e) {
            return Verdict.deny(400, e.getMessage());
        }
        Optional<String> problem = podProblem(req, pod);
        if (problem.isPresent()) {
            return Verdict.deny(400, problem.get());
        }
        List<Network> networks = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : request.networks()) {
            try {
                backend.findNetwork(name).ifPresentOrElse(networks::add, () -> unknown.add(name));
            } catch (RuntimeException e) {
                return Verdict.deny(BackendStatus.code(e), "cannot look up network " + name + ": " + e.getMessage());
            }
        }
        if (!unknown.isEmpty()) {
            return Verdict.deny(
                    400,
                    (unknown.size() == 1 ? "unknown network: " : "unknown networks: ") + String.join(", ", unknown)
                            + " (annotation " + Annotations.NETWORKS + ")");
        }
        ResourceCounts counts;
        try {
            counts = ResourceCounts.of(networks);
        } catch (IllegalArgumentException e) {
            return Verdict.deny(400, e.getMessage());
        }
        PortOwner owner = new PortOwner(
                req.namespace(),
                emptyToNull(PodFacts.name(req, pod)),
                PodFacts.name(req, pod).isEmpty() ? PodFacts.generateName(pod) : null,
                PodFacts.uid(pod),
                req.uid());
        return req.dryRun() ? dryRun(pod, networks, counts) : create(req, pod, networks, counts, owner);
    }

    private Verdict create(ReviewRequest req, Pod pod, List<Network> networks, ResourceCounts counts, PortOwner owner) {
        Rollback rollback = new Rollback(backend, req.uid(), req.logContext());
        Set<String> taken = new HashSet<>();
        Map<String, NetworksSpec.Port> spec = new LinkedHashMap<>();
        List<String> addressed = new ArrayList<>();
        Network current = null;
        try {
            for (Network n : networks) {
                current = n;
                String name = names.next(n.name(), taken);
                taken.add(name);
                BackendPort p = backend.createPort(new PortRequest(n, name, owner, null, null));
                rollback.created(p);
                // the network's MTU and subnets ride along, so the node agent sizes and (in static mode) addresses
                // the interface without asking the backend
                spec.put(
                        n.name(),
                        new NetworksSpec.Port(
                                p.name() == null ? name : p.name(),
                                p.id(),
                                p.macAddress(),
                                p.fixedIps(),
                                n.mtu(),
                                n.subnets().stream().map(Network.Subnet::cidr).toList()));
                if (!n.subnets().isEmpty() || !p.fixedIps().isEmpty()) {
                    addressed.add(name);
                }
            }
            current = null;
            Container c = sidecar.build(counts, addressed);
            String specJson = NetworksSpec.of(spec).toJson();
            // bound to what the node agent will read: namespace, name (or generateName: no name exists yet), the
            // exact annotation text
            String signature = NetworksSignature.sign(
                    keys.get(), new SignedPod(owner.namespace(), owner.podName(), owner.generateName()), specJson);
            Map<String, String> written = new LinkedHashMap<>();
            written.put(Annotations.NETWORKS_SPEC, specJson);
            written.put(Annotations.NETWORKS_SIGNATURE, signature);
            String patch =
                    patches.build(pod, additions(c).withAnnotations(written)).toJson();
            LOG.info(
                    req.logContext(),
                    "ports created request={} ports={} signingKey={}",
                    req.uid(),
                    spec.values().stream().map(NetworksSpec.Port::portName).toList(),
                    NetworksSignature.keyId(signature).orElse(""));
            admitted.admitted(
                    owner.namespace(),
                    owner.podName(),
                    owner.generateName(),
                    spec.values().stream().map(NetworksSpec.Port::portId).toList());
            return Verdict.mutate(patch);
        } catch (RuntimeException e) {
            int made = rollback.size();
            List<String> left = rollback.undo();
            if (!left.isEmpty()) {
                events.portsLeftBehind("CREATE", left.size());
            }
            String what = current == null
                    ? "admitting the Pod failed"
                    : "creating the port on network " + current.name() + " failed";
            LOG.warn(
                    req.logContext(),
                    "create failed request={} network={} created={} leftBehind={} error=\"{}\"",
                    req.uid(),
                    current == null ? "" : current.name(),
                    made,
                    left.size(),
                    e.getMessage());
            if (!(e instanceof BackendException)) {
                LOG.error(req.logContext(), "unexpected failure request={}", req.uid(), e);
            }
            StringBuilder msg = new StringBuilder(what).append(": ").append(e.getMessage());
            if (made > 0 && left.isEmpty()) {
                msg.append(
                        made == 1
                                ? "; the port already created for this Pod was deleted"
                                : "; the " + made + " ports already created for this Pod were deleted");
            } else if (!left.isEmpty()) {
                msg.append("; of the ")
                        .append(made)
                        .append(" ports already created for this Pod, these could not be "
                                + "deleted and are left to Kubetron's garbage collection: ")
                        .append(String.join(", ", left));
            }
            return Verdict.deny(BackendStatus.code(e), msg.toString());
        }
    }

    private Verdict dryRun(Pod pod, List<Network> networks, ResourceCounts counts) {
        Set<String> taken = new HashSet<>();
        List<String> addressed = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (Network n : networks) {
            String name = names.next(n.name(), taken);
            taken.add(name);
            if (!n.subnets().isEmpty()) {
                addressed.add(name);
            }
            described.add(n.name() + (n.physical() ? " (physical network " + n.physicalNetwork() + ")" : " (overlay)"));
        }
        Container c = sidecar.build(counts, addressed);
        String patch = patches.build(pod, additions(c)).toJson();
        return Verdict.dryRun(
                patch,
                List.of("dry run: no port was created; the Pod would get a port on "
                        + String.join(", ", described) + ", the annotations " + Annotations.NETWORKS_SPEC
                        + " and " + Annotations.NETWORKS_SIGNATURE + ", the container " + settings.sidecarName()
                        + " and the readiness gate "
                        + PodConditions.NETWORKS_READY));
    }

    /**
     * The request container where the injection mode puts it, and the readiness gate, so that the Pod is Ready only
     * once the node agent has plugged its networks (the original's Pods were Ready before).
     */
    private PodAdditions additions(Container requester) {
        PodAdditions add = PodAdditions.none().withReadinessGates(List.of(PodConditions.NETWORKS_READY));
        return settings.injection() == InjectionMode.INIT
                ? add.withFirstInitContainers(List.of(requester))
                : add.withContainers(List.of(requester));
    }

    private Optional<String> podProblem(ReviewRequest req, Pod pod) {
        if (req.namespace() == null || req.namespace().isEmpty()) {
            return Optional.of("the Pod has no namespace");
        }
        if (PodFacts.name(req, pod).isEmpty() && emptyToNull(PodFacts.generateName(pod)) == null) {
            return Optional.of("the Pod has neither a name nor a generateName");
        }
        List<Container> containers = PodFacts.containers(pod);
        if (containers.isEmpty()) {
            return Optional.of("the Pod has no containers");
        }
        if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return Optional.of("a Pod on the host network cannot get Kubetron interfaces (they would land in the "
                    + "node's own namespace); remove hostNetwork or the " + Annotations.NETWORKS + " annotation");
        }
        // container names are unique across both lists, and a copy of a Pod admitted in either mode has it in one
        if (Stream.concat(containers.stream(), PodFacts.initContainers(pod).stream())
                .anyMatch(c -> settings.sidecarName().equals(c.getName()))) {
            return Optional.of("the Pod already has a container named " + settings.sidecarName()
                    + ", which Kubetron adds itself: remove it from the Pod you create (was it copied from another "
                    + "Pod?)");
        }
        return Optional.empty();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

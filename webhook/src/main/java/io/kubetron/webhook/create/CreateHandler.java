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
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.PodConditions;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.model.selection.AttachmentRequest;
import io.kubetron.webhook.AdmissionEvents;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.InjectionMode;
import io.kubetron.webhook.patch.PodAdditions;
import io.kubetron.webhook.patch.PodPatch;
import io.kubetron.webhook.review.PodFacts;
import io.kubetron.webhook.review.ReviewRequest;
import io.kubetron.webhook.review.Verdict;
import io.kubetron.webhook.select.NetworkDirectory;
import io.kubetron.webhook.select.Resolution;
import io.kubetron.webhook.select.Selection;
import io.kubetron.webhook.select.StaticRequest;
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
 * Admits a Pod CREATE: turns the networks the Pod selects (the original {@link Annotations#NETWORKS} list or the
 * Network Plumbing WG's {@code k8s.v1.cni.cncf.io/networks}, see {@link Selection}) into one backend port per
 * attachment, with the MAC, address and interface name asked for, and answers
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
    private final NetworkDirectory directory;

    public CreateHandler(
            NetworkBackend backend,
            AdmissionSettings settings,
            Supplier<SigningKeys> keys,
            PortNames names,
            PodPatch patches,
            AdmissionEvents events) {
        this(backend, settings, keys, names, patches, events, PortsAdmitted.NONE, NetworkDirectory.BACKEND);
    }

    /**
     * @param keys the key set in service (reloaded when the Secret changes): each networksSpec is signed with its
     *     primary key
     * @param admitted told of every admission that made ports (to follow up whether the Pod was stored)
     * @param directory what the names a Pod selects stand for, and who may join them
     */
    public CreateHandler(
            NetworkBackend backend,
            AdmissionSettings settings,
            Supplier<SigningKeys> keys,
            PortNames names,
            PodPatch patches,
            AdmissionEvents events,
            PortsAdmitted admitted,
            NetworkDirectory directory) {
        this.keys = keys;
        this.directory = directory;
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
        List<String> kubetrons = Annotations.WRITTEN_BY_KUBETRON.stream()
                .filter(annotations::containsKey)
                .toList();
        if (!Selection.asked(annotations) && kubetrons.isEmpty()) {
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
                            + "admission, for the networks the Pod asks for): remove "
                            + String.join(" and ", Annotations.WRITTEN_BY_KUBETRON)
                            + " from the Pod you create (was it copied from another Pod?)");
        }
        Selection selection;
        try {
            selection = Selection.read(annotations, req.namespace(), settings.maxNetworks(), directory);
        } catch (InvalidNetworkRequestException e) {
            return Verdict.deny(400, e.getMessage());
        }
        if (selection.ours().isEmpty()) {
            return Verdict.allow(); // every attachment is another implementation's
        }
        Optional<String> problem = podProblem(req, pod);
        if (problem.isPresent()) {
            return Verdict.deny(400, problem.get());
        }
        List<Planned> planned = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Selection.Chosen chosen : selection.ours()) {
            AttachmentRequest a = chosen.request();
            Resolution.Ours ours = chosen.resolution();
            Optional<Network> found;
            try {
                found = backend.findNetwork(ours.backendRef());
            } catch (RuntimeException e) {
                return Verdict.deny(
                        BackendStatus.code(e), "cannot look up network " + ours.backendRef() + ": " + e.getMessage());
            }
            if (found.isEmpty() && selection.original()) {
                unknown.add(a.name());
                continue;
            }
            if (found.isEmpty()) {
                problems.add(ours.source() + ": its backend network " + ours.backendRef() + " does not exist");
                continue;
            }
            String where = selection.original() ? "network " + a.name() : a.qualifiedName();
            StaticRequest wanted = StaticRequest.check(a, found.get(), where, problems);
            planned.add(new Planned(a, found.get(), wanted));
        }
        if (!unknown.isEmpty()) {
            problems.add(
                    0, (unknown.size() == 1 ? "unknown network: " : "unknown networks: ") + String.join(", ", unknown));
        }
        if (planned.stream().filter(p -> !p.wanted().defaultRoute().isEmpty()).count() > 1) {
            problems.add("more than one attachment asks for the default route ("
                    + String.join(
                            ", ",
                            planned.stream()
                                    .filter(p -> !p.wanted().defaultRoute().isEmpty())
                                    .map(p -> p.request().qualifiedName())
                                    .toList())
                    + "): a Pod has one");
        }
        if (!problems.isEmpty()) {
            return Verdict.deny(400, String.join("; ", problems) + " (annotation " + selection.annotation() + ")");
        }
        List<Network> networks = planned.stream().map(Planned::network).toList();
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
        List<Planned> named = names(selection, planned);
        return req.dryRun() ? dryRun(pod, named, counts) : create(req, pod, named, selection.original(), counts, owner);
    }

    /**
     * One attachment to make, with the interface name it gets and the networksSpec key it is recorded under.
     *
     * @param key the network's name for the original annotation (its contract); the attachment's {@code
     *     namespace/name} for the standard one, {@code namespace/name@interface} for a second attachment of it
     */
    private record Planned(
            AttachmentRequest request, Network network, StaticRequest wanted, String interfaceName, String key) {
        Planned(AttachmentRequest request, Network network, StaticRequest wanted) {
            this(request, network, wanted, null, null);
        }
    }

    /** Names every interface (those asked for first, so a generated name never takes one) and keys it. */
    private List<Planned> names(Selection selection, List<Planned> planned) {
        Set<String> taken = new HashSet<>(selection.otherInterfaces());
        planned.forEach(p -> {
            if (p.request().interfaceName() != null) {
                taken.add(p.request().interfaceName());
            }
        });
        Set<String> keys = new HashSet<>();
        List<Planned> out = new ArrayList<>();
        for (Planned p : planned) {
            String iface = p.request().interfaceName();
            if (iface == null) {
                iface = names.next(p.network().name(), taken);
                taken.add(iface);
            }
            String key = selection.original() ? p.network().name() : p.request().qualifiedName();
            if (!keys.add(key)) {
                key = key + "@" + iface;
                keys.add(key);
            }
            out.add(new Planned(p.request(), p.network(), p.wanted(), iface, key));
        }
        return out;
    }

    private Verdict create(
            ReviewRequest req,
            Pod pod,
            List<Planned> planned,
            boolean original,
            ResourceCounts counts,
            PortOwner owner) {
        Rollback rollback = new Rollback(backend, req.uid(), req.logContext());
        Map<String, NetworksSpec.Port> spec = new LinkedHashMap<>();
        List<String> addressed = new ArrayList<>();
        boolean creating = true;
        try {
            // every port of the Pod in one backend call (one OVSDB transaction, one Neutron bulk request): all or
            // none is made, so a refusal there leaves nothing to roll back
            List<BackendPort> made = backend.createPorts(planned.stream()
                    .map(pl -> new PortRequest(
                            pl.network(),
                            pl.interfaceName(),
                            owner,
                            pl.wanted().mac(),
                            pl.wanted().ips()))
                    .toList());
            made.forEach(rollback::created);
            creating = false;
            for (int i = 0; i < planned.size(); i++) {
                Planned pl = planned.get(i);
                Network n = pl.network();
                StaticRequest w = pl.wanted();
                BackendPort p = made.get(i);
                checkGranted(p, w, n);
                boolean standard = !original;
                // the network's MTU and subnets ride along, so the node agent sizes and (in static mode) addresses
                // the interface without asking the backend
                spec.put(
                        pl.key(),
                        new NetworksSpec.Port(
                                p.name() == null ? pl.interfaceName() : p.name(),
                                p.id(),
                                p.macAddress(),
                                p.fixedIps(),
                                n.mtu(),
                                n.subnets().stream().map(Network.Subnet::cidr).toList(),
                                standard ? n.name() : null,
                                standard ? pl.request().qualifiedName() : null,
                                w.defaultRoute()));
                if (!n.subnets().isEmpty() || !p.fixedIps().isEmpty()) {
                    addressed.add(pl.interfaceName());
                }
            }
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
            String what = creating
                    ? "creating the Pod's ports (" + networkNames(planned) + ") failed"
                    : "admitting the Pod failed";
            LOG.warn(
                    req.logContext(),
                    "create failed request={} networks={} created={} leftBehind={} error=\"{}\"",
                    req.uid(),
                    networkNames(planned),
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

    private static String networkNames(List<Planned> planned) {
        return String.join(", ", planned.stream().map(p -> p.network().name()).toList());
    }

    private Verdict dryRun(Pod pod, List<Planned> planned, ResourceCounts counts) {
        List<String> addressed = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (Planned p : planned) {
            Network n = p.network();
            if (!n.subnets().isEmpty()) {
                addressed.add(p.interfaceName());
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

    /**
     * The backend must have given exactly what was asked: a port with another MAC or address would be plugged and
     * answer where the user did not expect it.
     */
    private static void checkGranted(BackendPort p, StaticRequest w, Network n) {
        if (w.mac() != null && !w.mac().equalsIgnoreCase(p.macAddress())) {
            throw new BackendException(
                    BackendException.Reason.CONFLICT,
                    "network " + n.name() + " gave the port MAC " + p.macAddress() + ", not the " + w.mac()
                            + " asked for");
        }
        if (!w.ips().isEmpty() && !p.fixedIps().containsAll(w.ips())) {
            throw new BackendException(
                    BackendException.Reason.CONFLICT,
                    "network " + n.name() + " gave the port " + p.fixedIps() + ", not the " + w.ips() + " asked for");
        }
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

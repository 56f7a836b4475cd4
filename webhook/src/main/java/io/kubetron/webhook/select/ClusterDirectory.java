package io.kubetron.webhook.select;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kubetron.model.network.Network;
import io.kubetron.model.selection.AttachmentRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterRules} over informer caches of Networks, Namespaces and (where the cluster serves them)
 * NetworkAttachmentDefinitions, so an admission reads memory only. A cluster without the NetworkAttachmentDefinition
 * CRD (no Multus) has none: names are Networks. Started before the webhook serves; closing stops the informers (the
 * client stays the caller's).
 */
public final class ClusterDirectory implements NetworkDirectory, ClusterObjects, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDirectory.class);

    /** {@code k8snetworkplumbingwg/network-attachment-definition-client pkg/apis/k8s.cni.cncf.io/v1/types.go}. */
    public static final ResourceDefinitionContext NADS = new ResourceDefinitionContext.Builder()
            .withGroup("k8s.cni.cncf.io")
            .withVersion("v1")
            .withPlural("network-attachment-definitions")
            .withKind("NetworkAttachmentDefinition")
            .withNamespaced(true)
            .build();

    /** The label the API server puts on every namespace ({@code kubernetes/kubernetes pkg/registry/core/namespace/strategy.go}). */
    static final String NAME_LABEL = "kubernetes.io/metadata.name";

    private final KubernetesClient client;
    private final SharedIndexInformer<Network> networks;
    private final SharedIndexInformer<Namespace> namespaces;
    /** Null while the cluster serves no NetworkAttachmentDefinitions; started when it does (Multus installed later). */
    private volatile SharedIndexInformer<GenericKubernetesResource> nads;

    private final ClusterRules rules = new ClusterRules(this);
    private final java.util.concurrent.ScheduledExecutorService watcher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kubetron-network-directory");
                t.setDaemon(true);
                return t;
            });

    /** How often a cluster without NetworkAttachmentDefinitions is asked again whether it serves them now. */
    static final Duration ATTACHMENTS_RECHECK = Duration.ofSeconds(30);

    private ClusterDirectory(
            KubernetesClient client,
            SharedIndexInformer<Network> networks,
            SharedIndexInformer<Namespace> namespaces,
            SharedIndexInformer<GenericKubernetesResource> nads) {
        this.client = client;
        this.networks = networks;
        this.namespaces = namespaces;
        this.nads = nads;
    }

    /**
     * Starts the informers and waits until their caches hold what the API server listed.
     *
     * @throws IllegalStateException when they do not sync within {@code timeout} (no API access, or the Network CRD
     *     is not installed), saying which
     */
    public static ClusterDirectory start(KubernetesClient client, Duration timeout) {
        SharedIndexInformer<Network> networks = client.resources(Network.class).runnableInformer(0);
        SharedIndexInformer<Namespace> namespaces = client.namespaces().runnableInformer(0);
        SharedIndexInformer<GenericKubernetesResource> nads = servesAttachments(client)
                ? client.genericKubernetesResources(NADS).inAnyNamespace().runnableInformer(0)
                : null;
        ClusterDirectory d = new ClusterDirectory(client, networks, namespaces, nads);
        try {
            await(networks.start(), "Networks (is the CRD of deploy/crds installed?)", timeout);
            await(namespaces.start(), "Namespaces", timeout);
            if (nads != null) {
                await(nads.start(), "NetworkAttachmentDefinitions", timeout);
            }
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        if (nads == null) {
            d.watcher.scheduleWithFixedDelay(
                    d::lookForAttachments,
                    ATTACHMENTS_RECHECK.toMillis(),
                    ATTACHMENTS_RECHECK.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info(
                "network directory ready networks={} namespaces={} attachmentDefinitions={}",
                networks.getStore().list().size(),
                namespaces.getStore().list().size(),
                nads == null
                        ? "not served"
                        : Integer.toString(nads.getStore().list().size()));
        return d;
    }

    /**
     * Until the cluster serves NetworkAttachmentDefinitions: asks again, and starts their informer once it does, so
     * a Multus installed after the webhook is seen without a restart (until then its NADs' names are not found).
     */
    private void lookForAttachments() {
        if (nads != null) {
            return;
        }
        try {
            if (!servesAttachments(client)) {
                return;
            }
            SharedIndexInformer<GenericKubernetesResource> i =
                    client.genericKubernetesResources(NADS).inAnyNamespace().runnableInformer(0);
            await(i.start(), "NetworkAttachmentDefinitions", Duration.ofSeconds(60));
            nads = i;
            LOG.info(
                    "the cluster serves NetworkAttachmentDefinitions now: {} found",
                    i.getStore().list().size());
            watcher.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("could not look for NetworkAttachmentDefinitions error=\"{}\"", e.getMessage());
        }
    }

    private static boolean servesAttachments(KubernetesClient client) {
        try {
            client.genericKubernetesResources(NADS)
                    .inAnyNamespace()
                    .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                            .withLimit(1L)
                            .build());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                LOG.info("the cluster serves no NetworkAttachmentDefinitions (no Multus): names are Networks");
                return false;
            }
            throw e;
        }
    }

    private static void await(java.util.concurrent.CompletionStage<Void> started, String what, Duration timeout) {
        try {
            started.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not list " + what + " within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not list " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing " + what, e);
        }
    }

    @Override
    public Resolution resolve(AttachmentRequest request, boolean original, String podNamespace) {
        return rules.resolve(request, original, podNamespace);
    }

    @Override
    public Optional<Network> network(String name) {
        return Optional.ofNullable(networks.getStore().getByKey(name));
    }

    @Override
    public Optional<String> attachmentConfig(String namespace, String name) {
        SharedIndexInformer<GenericKubernetesResource> informer = nads;
        if (informer == null) {
            return Optional.empty();
        }
        GenericKubernetesResource r = informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
        if (r == null) {
            return Optional.empty();
        }
        Object spec = r.getAdditionalProperties().get("spec");
        Object config = spec instanceof Map<?, ?> m ? m.get("config") : null;
        return Optional.of(config instanceof String s ? s : "");
    }

    @Override
    public Optional<Map<String, String>> namespaceLabels(String namespace) {
        Namespace ns = namespaces.getStore().getByKey(namespace);
        if (ns == null) {
            // created a moment ago: a Pod cannot be created in a namespace that does not exist, so ask
            ns = client.namespaces().withName(namespace).get();
        }
        if (ns == null) {
            return Optional.empty();
        }
        Map<String, String> labels = new HashMap<>();
        if (ns.getMetadata().getLabels() != null) {
            labels.putAll(ns.getMetadata().getLabels());
        }
        // the API server sets it on every namespace (since 1.21), overwriting whatever was written; an emulated one
        // may not
        labels.put(NAME_LABEL, namespace);
        return Optional.of(labels);
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        networks.close();
        namespaces.close();
        SharedIndexInformer<GenericKubernetesResource> informer = nads;
        if (informer != null) {
            informer.close();
        }
    }
}

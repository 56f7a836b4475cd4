package io.kubetron.emulation.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the API server's registry makes of an update before validating admission sees it: {@code kubernetes/kubernetes
 * staging/src/k8s.io/apiserver/pkg/registry/rest/update.go} {@code BeforeUpdate} (generation, uid,
 * creationTimestamp, deletionTimestamp and deletionGracePeriodSeconds are the stored ones) around the resource's
 * {@code PrepareForUpdate}; for Pods, {@code pkg/registry/core/pod/strategy.go}:
 *
 * <ul>
 *   <li>{@code podStrategy} (the object): the status is the stored one; a changed spec bumps the generation
 *       ({@code updatePodGeneration});
 *   <li>{@code podStatusStrategy} ({@code pods/status}): the spec and ownerReferences are the stored ones, {@code
 *       status.qosClass} is backfilled and {@code status.observedGeneration} kept when the write clears it; the
 *       rest of the metadata (labels, annotations, finalizers) may change, so a status write can change
 *       annotations and policies must look at them.
 * </ul>
 *
 * Not emulated: {@code DropDisabledPodFields} (no feature gates here), the per-condition observedGeneration, and the
 * strategies' field validation. Other resources get BeforeUpdate only. Pure.
 */
final class UpdateStrategy {
    private UpdateStrategy() {}

    /** The object as stored after the write of {@code object} over {@code old}; neither argument is changed. */
    static JsonNode prepare(String resource, String subResource, JsonNode old, JsonNode object) {
        ObjectNode o = (ObjectNode) object.deepCopy();
        if (!(o.get("metadata") instanceof ObjectNode)) {
            o.putObject("metadata");
        }
        ObjectNode meta = (ObjectNode) o.get("metadata");
        JsonNode oldMeta = old.path("metadata");
        copyOrRemove(oldMeta, meta, "generation");
        if (resource.equals("pods") && subResource.equals("status")) {
            o.set("spec", old.path("spec").deepCopy());
            copyOrRemove(oldMeta, meta, "ownerReferences");
            meta.remove("deletionTimestamp");
            if (o.get("status") instanceof ObjectNode status) {
                JsonNode oldStatus = old.path("status");
                for (String f : new String[] {"qosClass", "observedGeneration"}) {
                    if (!status.has(f) && oldStatus.has(f)) {
                        status.set(f, oldStatus.get(f).deepCopy());
                    }
                }
            }
        } else if (resource.equals("pods") && subResource.isEmpty()) {
            copyOrRemove(old, o, "status");
            if (!o.path("spec").equals(old.path("spec"))) {
                meta.put("generation", oldMeta.path("generation").asLong(1) + 1);
            }
        }
        if (!meta.hasNonNull("uid") && oldMeta.has("uid")) {
            meta.set("uid", oldMeta.get("uid").deepCopy());
        }
        if (oldMeta.has("creationTimestamp")) {
            meta.set("creationTimestamp", oldMeta.get("creationTimestamp").deepCopy());
        }
        if (oldMeta.hasNonNull("deletionTimestamp")) {
            meta.set("deletionTimestamp", oldMeta.get("deletionTimestamp").deepCopy());
        }
        if (oldMeta.hasNonNull("deletionGracePeriodSeconds") && !meta.hasNonNull("deletionGracePeriodSeconds")) {
            meta.set(
                    "deletionGracePeriodSeconds",
                    oldMeta.get("deletionGracePeriodSeconds").deepCopy());
        }
        return o;
    }

    /**
     * The object as stored by a CREATE: {@code podStrategy.PrepareForCreate} sets a Pod's status to phase Pending
     * with its QoS class ({@link PodQos}). Unlike the API server, a CREATE that brings a status keeps it, so tests can
     * store a running Pod in one request. It runs after the mutating webhooks and before validating admission, as in
     * {@code staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go} ({@code rest.BeforeCreate}, then
     * {@code createValidation}). {@code object} is not changed.
     */
    static JsonNode prepareForCreate(String resource, JsonNode object) {
        ObjectNode o = (ObjectNode) object.deepCopy();
        if (resource.equals("pods") && (!o.has("status") || o.path("status").isEmpty())) {
            o.putObject("status").put("phase", "Pending").put("qosClass", PodQos.of(o));
        }
        return o;
    }

    private static void copyOrRemove(JsonNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field).deepCopy());
        } else {
            to.remove(field);
        }
    }
}

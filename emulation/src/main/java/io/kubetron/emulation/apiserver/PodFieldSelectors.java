package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * The Pod fields the API server can select on that a node agent uses: {@code spec.nodeName} (kubernetes/kubernetes
 * {@code pkg/registry/core/pod/strategy.go} {@code PodToSelectableFields}), for lists and for watches, where an
 * object that starts to match is ADDED. fabric8's mock dispatcher matches field selectors against the attributes its
 * extractor gives each stored object, which are only the name and namespace; this extractor adds the node name of
 * Pods. The dispatcher has no constructor taking an extractor, so it is put in place by reflection in the three
 * places the dispatcher keeps it.
 */
final class PodFieldSelectors extends KubernetesAttributesExtractor {
    static final String NODE_NAME = "spec.nodeName";

    @Override
    public AttributeSet extract(HasMetadata h) {
        AttributeSet base = super.extract(h);
        String node = nodeName(h);
        return node == null || node.isEmpty() ? base : base.add(new Attribute(NODE_NAME, node));
    }

    private static String nodeName(HasMetadata h) {
        if (h instanceof Pod p) {
            return p.getSpec() == null ? null : p.getSpec().getNodeName();
        }
        if (h instanceof GenericKubernetesResource g
                && "Pod".equals(g.getKind())
                && g.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                && spec.get("nodeName") instanceof String n) {
            return n;
        }
        return null;
    }

    /** Puts an instance of this extractor into {@code dispatcher}, before it stores anything. */
    static void install(KubernetesCrudDispatcher dispatcher) {
        PodFieldSelectors extractor = new PodFieldSelectors();
        try {
            Field crd = KubernetesCrudDispatcher.class.getDeclaredField("crdProcessor");
            crd.setAccessible(true);
            extractor.setCustomResourceDefinitionProcessor(
                    (io.fabric8.kubernetes.client.server.mock.CustomResourceDefinitionProcessor) crd.get(dispatcher));
            set(KubernetesCrudDispatcher.class, dispatcher, "kubernetesAttributesExtractor", extractor);
            set(CrudDispatcher.class, dispatcher, "attributeExtractor", extractor);
            Field post = KubernetesCrudDispatcher.class.getDeclaredField("postHandler");
            post.setAccessible(true);
            Object handler = post.get(dispatcher);
            set(handler.getClass(), handler, "attributeExtractor", extractor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fabric8's mock dispatcher changed: cannot add Pod field selectors", e);
        }
    }

    private static void set(Class<?> type, Object target, String field, Object value)
            throws ReflectiveOperationException {
        Field f = type.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}

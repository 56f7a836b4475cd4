package io.kubetron.cli.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a manifest into fabric8's model classes and fails on anything the model does not know. Turning on Jackson's
 * FAIL_ON_UNKNOWN_PROPERTIES would not do it: every fabric8 model class has an {@code @JsonAnySetter} map
 * ({@code additionalProperties}) that swallows unknown fields (and fabric8's UnmatchedFieldTypeModule puts values of
 * the wrong type there too). So after reading, every model object of the tree is visited and must have an empty
 * {@code additionalProperties}; then the object is written back and must equal the input, which catches values the
 * model coerced (a quoted number where an integer belongs, for example). The API server with strict field
 * validation (kubectl's default) would refuse what this refuses.
 */
final class StrictModel {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StrictModel() {}

    /** The typed object; throws {@link AssertionError} naming every unknown field or changed value. */
    static KubernetesResource read(DeployTree.Doc doc) {
        Map<String, Object> tree = doc.tree();
        if (SERIALIZATION.getRegisteredKubernetesResource(doc.apiVersion(), doc.kind()) == null) {
            throw new AssertionError(
                    doc.where() + ": " + doc.apiVersion() + " " + doc.kind() + " is not a kind fabric8's model knows");
        }
        KubernetesResource typed = SERIALIZATION.convertValue(tree, KubernetesResource.class);
        if (typed instanceof GenericKubernetesResource) {
            throw new AssertionError(doc.where() + ": read as a generic resource, not a typed one");
        }
        List<String> problems = new ArrayList<>();
        unknownFields(typed, doc.kind(), problems, new IdentityHashMap<>());
        Object back = SERIALIZATION.convertValue(typed, Object.class);
        differences(tree, back, doc.kind(), problems);
        if (!problems.isEmpty()) {
            throw new AssertionError(doc.where() + " (" + doc.kind() + "):\n  " + String.join("\n  ", problems));
        }
        return typed;
    }

    /** Collects the non-empty {@code additionalProperties} of every fabric8 model object under {@code o}. */
    private static void unknownFields(Object o, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "[" + k + "]", problems, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model") || seen.put(o, true) != null) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (!m.getName().startsWith("get")
                    || m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || m.getName().equals("getClass")
                    || !modelValued(m.getReturnType())) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue; // a computed getter that does not apply to this value
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) "
                            + new TreeSet<>(
                                    extra.keySet().stream().map(String::valueOf).toList()));
                }
                continue;
            }
            String name = m.getName().substring(3);
            unknownFields(
                    value, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), problems, seen);
        }
    }

    private static boolean modelValued(Class<?> type) {
        return Map.class.isAssignableFrom(type)
                || Collection.class.isAssignableFrom(type)
                || type.getName().startsWith("io.fabric8.kubernetes.api.model");
    }

    /** Compares the input tree with the written-back one: numbers by value, empty maps and lists as absent. */
    private static void differences(Object in, Object out, String path, List<String> problems) {
        if (in instanceof Map<?, ?> a && out instanceof Map<?, ?> b) {
            Set<Object> keys = new TreeSet<>(StrictModel::compare);
            keys.addAll(a.keySet());
            keys.addAll(b.keySet());
            for (Object k : keys) {
                Object x = a.get(k);
                Object y = b.get(k);
                if (absent(x) && absent(y)) {
                    continue;
                }
                differences(x, y, path + "." + k, problems);
            }
        } else if (in instanceof List<?> a && out instanceof List<?> b && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                differences(a.get(i), b.get(i), path + "[" + i + "]", problems);
            }
        } else if (in instanceof Number x && out instanceof Number y) {
            if (new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) != 0) {
                problems.add(path + ": " + x + " was read as " + y);
            }
        } else if (!Objects.equals(in, out)) {
            problems.add(path + ": " + describe(in) + " was read as " + describe(out));
        }
    }

    private static boolean absent(Object o) {
        return o == null || o instanceof Map<?, ?> m && m.isEmpty() || o instanceof List<?> l && l.isEmpty();
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o.getClass().getSimpleName() + " " + o;
    }

    private static int compare(Object a, Object b) {
        return String.valueOf(a).compareTo(String.valueOf(b));
    }
}

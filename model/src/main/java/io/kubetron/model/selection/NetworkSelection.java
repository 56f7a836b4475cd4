package io.kubetron.model.selection;

import io.kubetron.model.InvalidNetworkRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Network Plumbing WG's selection annotation, {@value #ANNOTATION} (multi-net-spec v1.2 section 4.1.2.1), read
 * the way Multus reads it ({@code k8snetworkplumbingwg/network-attachment-definition-client pkg/utils/net-attach-def.go}
 * {@code ParseNetworkAnnotation}): a value with any of {@code [ { "} is the JSON form, a list of objects; any other is
 * the comma form, {@code [namespace/]name[@interface]} items. A namespace left out is the Pod's.
 *
 * <p>Stricter than Multus where Multus would fail later or silently: an empty item, a duplicate interface name, an
 * address or MAC that is not one, an unknown key are refused here, with every problem of the value in one message.
 * Keys of the JSON form: {@code name} (required), {@code namespace}, {@code interface}, {@code mac}, {@code ips},
 * {@code default-route}. Keys the spec defines for features Kubetron does not have ({@code portMappings}, {@code
 * bandwidth}, {@code cni-args}, {@code infiniband-guid}, {@code ipam-claim-reference}) are refused with a message
 * saying so, rather than ignored; keys in reverse-DNS form (with a {@code .} or a {@code /}, the spec's way for
 * implementations to add their own) are ignored; any other key is refused. Pure and thread-safe.
 */
public final class NetworkSelection {
    /** The annotation's key. */
    public static final String ANNOTATION = "k8s.v1.cni.cncf.io/networks";

    private static final Set<String> KNOWN = Set.of("name", "namespace", "interface", "mac", "ips", "default-route");
    private static final Set<String> UNSUPPORTED =
            Set.of("portMappings", "bandwidth", "cni-args", "infiniband-guid", "ipam-claim-reference");

    /** An annotation is at most 256 KiB (all of a Pod's together); a selection is far smaller. */
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(8)
                            .maxStringLength(4096)
                            .maxNameLength(256)
                            .maxNumberLength(32)
                            .maxDocumentLength(256 * 1024)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private NetworkSelection() {}

    /**
     * Parses the annotation's value.
     *
     * @param value the annotation's value
     * @param podNamespace the Pod's namespace, for items that name none
     * @param maxAttachments the most attachments one Pod may ask for
     * @return the attachments in the order written
     * @throws InvalidNetworkRequestException naming every problem found, so the user can fix them in one go
     */
    public static List<AttachmentRequest> parse(String value, String podNamespace, int maxAttachments) {
        if (value == null || value.isBlank()) {
            throw new InvalidNetworkRequestException(
                    "invalid " + ANNOTATION + " annotation: it is empty; name at least one network");
        }
        List<String> problems = new ArrayList<>();
        List<AttachmentRequest> out =
                isJson(value) ? fromJson(value, podNamespace, problems) : fromText(value, podNamespace, problems);
        if (problems.isEmpty()) {
            checkTogether(out, maxAttachments, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidNetworkRequestException(
                    "invalid " + ANNOTATION + " annotation: " + String.join("; ", problems));
        }
        return List.copyOf(out);
    }

    private static boolean isJson(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '[' || c == '{' || c == '"') {
                return true;
            }
        }
        return false;
    }

    private static List<AttachmentRequest> fromText(String value, String podNamespace, List<String> problems) {
        List<AttachmentRequest> out = new ArrayList<>();
        String[] items = value.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            String where = "item " + (i + 1);
            if (item.isEmpty()) {
                problems.add(where + " is empty");
                continue;
            }
            String namespace = null;
            String rest = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                if (item.indexOf('/', slash + 1) >= 0) {
                    problems.add(where + " '" + item + "' has more than one '/' (write namespace/name@interface)");
                    continue;
                }
                namespace = item.substring(0, slash).strip();
                rest = item.substring(slash + 1);
            }
            String iface = null;
            int at = rest.indexOf('@');
            if (at >= 0) {
                if (rest.indexOf('@', at + 1) >= 0) {
                    problems.add(where + " '" + item + "' has more than one '@' (write namespace/name@interface)");
                    continue;
                }
                iface = rest.substring(at + 1).strip();
                rest = rest.substring(0, at);
            }
            String name = rest.strip();
            int before = problems.size();
            if (namespace != null) {
                note(
                        problems,
                        where,
                        namespace.isEmpty() ? "the namespace before '/' is empty" : Syntax.namespace(namespace));
            }
            note(problems, where, name.isEmpty() ? "the network name is empty" : Syntax.name(name));
            if (iface != null) {
                note(problems, where, Syntax.interfaceName(iface));
            }
            if (problems.size() == before) {
                out.add(new AttachmentRequest(
                        namespace == null ? podNamespace : namespace, name, iface, null, List.of(), List.of()));
            }
        }
        return out;
    }

    private static List<AttachmentRequest> fromJson(String value, String podNamespace, List<String> problems) {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JacksonException e) {
            problems.add("not valid JSON (" + e.getOriginalMessage() + ")");
            return List.of();
        }
        if (root == null || !root.isArray()) {
            problems.add("the JSON form is a list of objects ([{\"name\": \"...\"}]), not "
                    + (root == null ? "empty" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
            return List.of();
        }
        if (root.isEmpty()) {
            problems.add("the list names no network");
            return List.of();
        }
        List<AttachmentRequest> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            AttachmentRequest r = element(root.get(i), "element " + (i + 1), podNamespace, problems);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static AttachmentRequest element(JsonNode e, String where, String podNamespace, List<String> problems) {
        if (!e.isObject()) {
            problems.add(where + " is not an object");
            return null;
        }
        int before = problems.size();
        for (Map.Entry<String, JsonNode> f : e.properties()) {
            String key = f.getKey();
            if (KNOWN.contains(key) || key.contains(".") || key.contains("/")) {
                continue; // reverse-DNS keys belong to other implementations
            }
            if (UNSUPPORTED.contains(key)) {
                problems.add(where + ": '" + key + "' is not supported by Kubetron; remove it");
            } else {
                problems.add(where + ": unknown key '" + key + "' (known: " + String.join(", ", sorted(KNOWN))
                        + "; keys of other implementations are written in reverse-DNS form)");
            }
        }
        String name = text(e, "name", where, problems);
        if (name == null && (!e.has("name") || e.get("name").isNull())) {
            problems.add(where + " has no \"name\"");
        } else if (name != null) {
            note(problems, where, Syntax.name(name));
        }
        String namespace = text(e, "namespace", where, problems);
        if (namespace != null && !namespace.isEmpty()) {
            note(problems, where, Syntax.namespace(namespace));
        }
        String iface = text(e, "interface", where, problems);
        if (iface != null && !iface.isEmpty()) {
            note(problems, where, Syntax.interfaceName(iface));
        }
        String mac = text(e, "mac", where, problems);
        if (mac != null && !mac.isEmpty()) {
            note(problems, where, Syntax.mac(mac));
        }
        List<String> ips = texts(e, "ips", where, true, problems);
        List<String> routes = texts(e, "default-route", where, false, problems);
        if (problems.size() != before) {
            return null;
        }
        return new AttachmentRequest(
                namespace == null || namespace.isEmpty() ? podNamespace : namespace,
                name,
                iface == null || iface.isEmpty() ? null : iface,
                mac == null || mac.isEmpty() ? null : Syntax.normalMac(mac),
                ips,
                routes);
    }

    /** A string field: null when absent or JSON null (a wrong type is a problem). */
    private static String text(JsonNode e, String key, String where, List<String> problems) {
        JsonNode v = e.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            problems.add(where + ": \"" + key + "\" must be a string");
            return null;
        }
        return v.stringValue();
    }

    private static List<String> texts(JsonNode e, String key, String where, boolean prefix, List<String> problems) {
        JsonNode v = e.get(key);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            problems.add(where + ": \"" + key + "\" must be a list of addresses");
            return List.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode a : v) {
            if (!a.isString()) {
                problems.add(where + ": \"" + key + "\" must be a list of strings");
                return List.of();
            }
            String s = a.stringValue().strip();
            String bad = Syntax.address(s, prefix);
            if (bad != null) {
                problems.add(where + ": " + bad);
            } else if (!seen.add(s)) {
                problems.add(where + ": \"" + key + "\" lists " + s + " twice");
            }
        }
        return List.copyOf(seen);
    }

    /** What only the whole list can tell: how many, and interface names given twice. */
    private static void checkTogether(List<AttachmentRequest> all, int max, List<String> problems) {
        if (all.size() > max) {
            problems.add(all.size() + " attachments requested, at most " + max + " are allowed");
        }
        Set<String> names = new HashSet<>();
        Set<String> twice = new LinkedHashSet<>();
        for (AttachmentRequest r : all) {
            if (r.interfaceName() != null && !names.add(r.interfaceName())) {
                twice.add(r.interfaceName());
            }
        }
        if (!twice.isEmpty()) {
            problems.add("interface names used more than once: " + String.join(", ", twice));
        }
    }

    private static void note(List<String> problems, String where, String problem) {
        if (problem != null) {
            problems.add(where + ": " + problem);
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}

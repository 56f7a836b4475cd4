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
 *
 * <p>Those checks are for Kubetron's own attachments. On a cluster with Multus the same annotation names other
 * implementations' attachments too, which Multus reads leniently; {@link #read} therefore gives every element with
 * what is wrong with it, so a caller holds only its own attachments to them. Multus's reading is what decides
 * whose an element is: its {@code name}, {@code namespace} and {@code interface}; an empty value and {@code []}
 * select nothing ({@code k8snetworkplumbingwg/multus-cni pkg/k8sclient/k8sclient.go GetPodNetwork}).
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
                            // deep enough for other implementations' cni-args, which Multus passes on
                            .maxNestingDepth(64)
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
     * One element of the value, as written.
     *
     * @param position 1-based, for messages ("element 2", "item 2")
     * @param namespace the namespace written, or the Pod's
     * @param name the name written (never empty)
     * @param interfaceName the interface written, or null
     * @param request the attachment, when the element passed every check (else null)
     * @param problems what is wrong with it, each starting with where it is; empty when {@code request} is set
     */
    public record Element(
            int position,
            String namespace,
            String name,
            String interfaceName,
            AttachmentRequest request,
            List<String> problems) {
        public Element {
            problems = List.copyOf(problems);
        }

        /** The attachment as far as it can be read: what decides whose it is. */
        public AttachmentRequest reference() {
            return request != null
                    ? request
                    : new AttachmentRequest(namespace, name, interfaceName, null, List.of(), List.of());
        }
    }

    /**
     * The value read leniently.
     *
     * @param elements the elements that name something, in the order written
     * @param problems what makes the value as a whole unreadable (then no element can be trusted)
     */
    public record Read(List<Element> elements, List<String> problems) {
        public Read {
            elements = List.copyOf(elements);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Reads the annotation's value element by element; never throws. An empty value and {@code []} give no
     * elements and no problems.
     */
    public static Read read(String value, String podNamespace) {
        List<String> problems = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return new Read(List.of(), List.of());
        }
        List<Element> out =
                isJson(value) ? fromJson(value, podNamespace, problems) : fromText(value, podNamespace, problems);
        return new Read(out, problems);
    }

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
        Read read = read(value, podNamespace);
        List<String> problems = new ArrayList<>(read.problems());
        read.elements().forEach(e -> problems.addAll(e.problems()));
        List<AttachmentRequest> out = new ArrayList<>();
        read.elements().forEach(e -> {
            if (e.request() != null) {
                out.add(e.request());
            }
        });
        if (problems.isEmpty() && out.isEmpty()) {
            problems.add("the list names no network");
        }
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

    private static List<Element> fromText(String value, String podNamespace, List<String> problems) {
        List<Element> out = new ArrayList<>();
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
            if (name.isEmpty()) {
                problems.add(where + ": the network name is empty");
                continue;
            }
            List<String> mine = new ArrayList<>();
            if (namespace != null) {
                note(
                        mine,
                        where,
                        namespace.isEmpty() ? "the namespace before '/' is empty" : Syntax.namespace(namespace));
            }
            note(mine, where, Syntax.name(name));
            if (iface != null) {
                note(mine, where, Syntax.interfaceName(iface));
            }
            String ns = namespace == null || namespace.isEmpty() ? podNamespace : namespace;
            AttachmentRequest r =
                    mine.isEmpty() ? new AttachmentRequest(ns, name, iface, null, List.of(), List.of()) : null;
            out.add(new Element(i + 1, ns, name, iface == null || iface.isEmpty() ? null : iface, r, mine));
        }
        return out;
    }

    private static List<Element> fromJson(String value, String podNamespace, List<String> problems) {
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
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            Element e = element(root.get(i), i + 1, podNamespace, problems);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * One element: what Multus reads of it decides whose it is (Go's encoding/json matches keys regardless of case);
     * the strict checks go into the element's own problems.
     */
    private static Element element(JsonNode e, int position, String podNamespace, List<String> problems) {
        String where = "element " + position;
        if (!e.isObject()) {
            problems.add(where + " is not an object");
            return null;
        }
        JsonNode nameNode = lenient(e, "name");
        if (nameNode == null
                || nameNode.isNull()
                || (nameNode.isString() && nameNode.stringValue().isEmpty())) {
            problems.add(where + " has no \"name\"");
            return null;
        }
        if (!nameNode.isString()) {
            problems.add(where + ": \"name\" must be a string");
            return null;
        }
        String leniently = nameNode.stringValue();
        JsonNode nsNode = lenient(e, "namespace");
        String nsWritten = nsNode != null && nsNode.isString() ? nsNode.stringValue() : "";
        JsonNode ifNode = lenient(e, "interface");
        String ifWritten = ifNode != null && ifNode.isString() ? ifNode.stringValue() : "";

        List<String> mine = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : e.properties()) {
            String key = f.getKey();
            if (KNOWN.contains(key) || key.contains(".") || key.contains("/")) {
                continue; // reverse-DNS keys belong to other implementations
            }
            if (UNSUPPORTED.contains(key)) {
                mine.add(where + ": '" + key + "' is not supported by Kubetron; remove it");
            } else {
                mine.add(where + ": unknown key '" + key + "' (known: " + String.join(", ", sorted(KNOWN))
                        + "; keys of other implementations are written in reverse-DNS form)");
            }
        }
        String name = text(e, "name", where, mine);
        if (name != null) {
            note(mine, where, Syntax.name(name));
        }
        String namespace = text(e, "namespace", where, mine);
        if (namespace != null && !namespace.isEmpty()) {
            note(mine, where, Syntax.namespace(namespace));
        }
        String iface = text(e, "interface", where, mine);
        if (iface != null && !iface.isEmpty()) {
            note(mine, where, Syntax.interfaceName(iface));
        }
        String mac = text(e, "mac", where, mine);
        if (mac != null && !mac.isEmpty()) {
            note(mine, where, Syntax.mac(mac));
        }
        List<String> ips = texts(e, "ips", where, true, mine);
        List<String> routes = texts(e, "default-route", where, false, mine);
        String ns = nsWritten.isEmpty() ? podNamespace : nsWritten;
        AttachmentRequest r = mine.isEmpty()
                ? new AttachmentRequest(
                        namespace == null || namespace.isEmpty() ? podNamespace : namespace,
                        name,
                        iface == null || iface.isEmpty() ? null : iface,
                        mac == null || mac.isEmpty() ? null : Syntax.normalMac(mac),
                        ips,
                        routes)
                : null;
        return new Element(position, ns, leniently, ifWritten.isEmpty() ? null : ifWritten, r, mine);
    }

    /** The field {@code key} matched regardless of case, as Go's encoding/json matches it; null when absent. */
    private static JsonNode lenient(JsonNode e, String key) {
        JsonNode exact = e.get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> f : e.properties()) {
            if (f.getKey().equalsIgnoreCase(key)) {
                return f.getValue();
            }
        }
        return null;
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
    public static void checkTogether(List<AttachmentRequest> all, int max, List<String> problems) {
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

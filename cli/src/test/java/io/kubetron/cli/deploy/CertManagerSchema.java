package io.kubetron.cli.deploy;

import static java.util.Map.entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The part of cert-manager's v1 API (Issuer, Certificate) that deploy/ may use, checked field by field: fabric8 has
 * no model classes for cert-manager, and its CRDs are not here to validate against. Unknown fields, wrong types and
 * values outside cert-manager's enumerations fail, as cert-manager's CRD schema would refuse them.
 */
final class CertManagerSchema {
    /** A scalar (or map of scalars) and what it must be. */
    private record Leaf(String what, Predicate<Object> ok) {}

    private static final Leaf STRING = new Leaf("a string", v -> v instanceof String s && !s.isBlank());
    private static final Leaf BOOLEAN = new Leaf("true or false", v -> v instanceof Boolean);
    private static final Leaf INTEGER = new Leaf("an integer", v -> v instanceof Integer || v instanceof Long);
    private static final Leaf DURATION = new Leaf(
            "a Go duration (2160h, 30m...)",
            v -> v instanceof String s && s.matches("([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+"));
    private static final Leaf STRING_MAP = new Leaf(
            "a map of strings",
            v -> v instanceof Map<?, ?> m && m.values().stream().allMatch(x -> x instanceof String));
    private static final Leaf USAGE = oneOf(
            "signing",
            "digital signature",
            "content commitment",
            "key encipherment",
            "key agreement",
            "data encipherment",
            "cert sign",
            "crl sign",
            "encipher only",
            "decipher only",
            "any",
            "server auth",
            "client auth",
            "code signing",
            "email protection",
            "s/mime",
            "ipsec end system",
            "ipsec tunnel",
            "ipsec user",
            "timestamping",
            "ocsp signing",
            "microsoft sgc",
            "netscape sgc");
    private static final Map<String, Object> METADATA =
            Map.of("name", STRING, "namespace", STRING, "labels", STRING_MAP, "annotations", STRING_MAP);
    private static final Map<String, Object> ISSUER_REF =
            Map.of("name", STRING, "kind", oneOf("Issuer", "ClusterIssuer"), "group", STRING);
    private static final Map<String, Object> ISSUER_SPEC = Map.of(
            "selfSigned", Map.of("crlDistributionPoints", List.of(STRING)),
            "ca",
                    Map.of(
                            "secretName",
                            STRING,
                            "crlDistributionPoints",
                            List.of(STRING),
                            "ocspServers",
                            List.of(STRING),
                            "issuingCertificateURLs",
                            List.of(STRING)));
    private static final Map<String, Object> CERTIFICATE_SPEC = Map.ofEntries(
            entry("secretName", STRING),
            entry("commonName", STRING),
            entry("dnsNames", List.of(STRING)),
            entry("ipAddresses", List.of(STRING)),
            entry("uris", List.of(STRING)),
            entry("emailAddresses", List.of(STRING)),
            entry("duration", DURATION),
            entry("renewBefore", DURATION),
            entry("isCA", BOOLEAN),
            entry("usages", List.of(USAGE)),
            entry("issuerRef", ISSUER_REF),
            entry("revisionHistoryLimit", INTEGER),
            entry("secretTemplate", Map.of("annotations", STRING_MAP, "labels", STRING_MAP)),
            entry(
                    "privateKey",
                    Map.of(
                            "algorithm",
                            oneOf("RSA", "ECDSA", "Ed25519"),
                            "size",
                            INTEGER,
                            "encoding",
                            oneOf("PKCS1", "PKCS8"),
                            "rotationPolicy",
                            oneOf("Never", "Always"))));
    private static final Map<String, Map<String, Object>> KINDS = Map.of(
            "Issuer",
            document(ISSUER_SPEC),
            "ClusterIssuer",
            document(ISSUER_SPEC),
            "Certificate",
            document(CERTIFICATE_SPEC));

    private CertManagerSchema() {}

    static boolean applies(DeployTree.Doc doc) {
        return doc.apiVersion().startsWith("cert-manager.io/");
    }

    /** Throws {@link AssertionError} naming every problem of the document. */
    static void check(DeployTree.Doc doc) {
        List<String> problems = new ArrayList<>();
        if (!doc.apiVersion().equals("cert-manager.io/v1")) {
            problems.add("apiVersion " + doc.apiVersion() + ": only cert-manager.io/v1 is served by cert-manager 1.x");
        }
        Map<String, Object> schema = KINDS.get(doc.kind());
        if (schema == null) {
            problems.add("kind " + doc.kind() + " is not one deploy/ uses (" + KINDS.keySet() + ")");
        } else {
            walk(schema, doc.tree(), doc.kind(), problems);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(doc.where() + ":\n  " + String.join("\n  ", problems));
        }
    }

    private static Map<String, Object> document(Map<String, Object> spec) {
        return Map.of("apiVersion", STRING, "kind", STRING, "metadata", METADATA, "spec", spec);
    }

    private static Leaf oneOf(String... values) {
        Set<String> allowed = Set.of(values);
        return new Leaf("one of " + allowed, allowed::contains);
    }

    private static void walk(Object schema, Object value, String path, List<String> problems) {
        switch (schema) {
            case Leaf leaf -> {
                if (!leaf.ok().test(value)) {
                    problems.add(path + ": " + value + " is not " + leaf.what());
                }
            }
            case List<?> items -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(path + ": must be a list");
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    walk(items.get(0), list.get(i), path + "[" + i + "]", problems);
                }
            }
            case Map<?, ?> fields -> {
                if (!(value instanceof Map<?, ?> map)) {
                    problems.add(path + ": must be a mapping");
                    return;
                }
                map.forEach((k, v) -> {
                    Object field = fields.get(k);
                    if (field == null) {
                        problems.add(path + "." + k + ": unknown field");
                    } else {
                        walk(field, v, path + "." + k, problems);
                    }
                });
            }
            default -> throw new IllegalStateException("schema node " + schema);
        }
    }
}

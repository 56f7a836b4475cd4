package io.kubetron.cli.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Issuers and Certificates of a build, and how they refer to each other (namespaced Issuers only). */
final class CertManagerChain {
    private final Map<String, Map<String, Object>> issuers = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> certificates = new LinkedHashMap<>();

    CertManagerChain(List<DeployTree.Doc> docs) {
        for (DeployTree.Doc d : docs) {
            Map<String, Object> meta = map(d.tree(), "metadata");
            String key = meta.get("namespace") + "/" + meta.get("name");
            switch (d.kind()) {
                case "Issuer" -> issuers.put(key, map(d.tree(), "spec"));
                case "Certificate" -> certificates.put(key, map(d.tree(), "spec"));
                default -> throw new AssertionError("unexpected cert-manager kind " + d.kind());
            }
        }
    }

    /** "namespace/name" of every Certificate. */
    Set<String> certificates() {
        return certificates.keySet();
    }

    String secretOf(String certificate) {
        return (String) spec(certificate).get("secretName");
    }

    @SuppressWarnings("unchecked")
    List<String> dnsNamesOf(String certificate) {
        return (List<String>) spec(certificate).getOrDefault("dnsNames", List.of());
    }

    /**
     * Whether the certificate's Issuer is a CA Issuer whose Secret is written by an {@code isCA} Certificate, itself
     * issued by an Issuer of the build.
     */
    boolean signedByACa(String certificate) {
        String ns = certificate.substring(0, certificate.indexOf('/'));
        Map<String, Object> issuer = issuerOf(certificate);
        if (issuer == null || !(issuer.get("ca") instanceof Map<?, ?> ca)) {
            return false;
        }
        return certificates.entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith(ns + "/")
                        && ca.get("secretName").equals(e.getValue().get("secretName"))
                        && Boolean.TRUE.equals(e.getValue().get("isCA"))
                        && issuerOf(e.getKey()) != null);
    }

    private Map<String, Object> issuerOf(String certificate) {
        Map<String, Object> ref = map(spec(certificate), "issuerRef");
        if (!"Issuer".equals(ref.getOrDefault("kind", "Issuer"))) {
            return null;
        }
        return issuers.get(certificate.substring(0, certificate.indexOf('/')) + "/" + ref.get("name"));
    }

    private Map<String, Object> spec(String certificate) {
        Map<String, Object> s = certificates.get(certificate);
        if (s == null) {
            throw new AssertionError("no Certificate " + certificate);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.getOrDefault(key, Map.of());
    }
}

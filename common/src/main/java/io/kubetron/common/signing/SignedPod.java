package io.kubetron.common.signing;

/**
 * The Pod a signature is bound to, as far as it is known: at admission the namespace and either the name or, for a
 * Pod created with {@code generateName}, only the prefix (the API server generates the name after mutating admission:
 * kubernetes/kubernetes {@code staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go} runs
 * {@code mutatingAdmission.Admit} before the store's {@code create}, which sets the name from
 * {@code strategy.GenerateName} in {@code pkg/registry/generic/registry/store.go}, and {@code rest.BeforeCreate}
 * in {@code pkg/registry/rest/create.go} then insists it was generated). On the node, the stored Pod: its name and
 * the {@code generateName} it keeps.
 *
 * @param namespace the Pod's namespace
 * @param name {@code metadata.name}; empty or null while it is still to be generated
 * @param generateName {@code metadata.generateName}; empty or null when none
 */
public record SignedPod(String namespace, String name, String generateName) {
    /**
     * {@code k8s.io/apiserver/pkg/storage/names/generate.go}: the prefix is cut to 58 characters and 5 random ones
     * follow.
     */
    static final int MAX_GENERATED_PREFIX = 58;

    public SignedPod {
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
        generateName = generateName == null ? "" : generateName;
    }

    /** Whether {@code name} can be one the API server generated from {@code generateName}. */
    boolean nameFromGenerateName() {
        if (generateName.isEmpty() || name.isEmpty()) {
            return false;
        }
        String prefix = generateName.length() > MAX_GENERATED_PREFIX
                ? generateName.substring(0, MAX_GENERATED_PREFIX)
                : generateName;
        return name.length() > prefix.length() && name.startsWith(prefix);
    }
}

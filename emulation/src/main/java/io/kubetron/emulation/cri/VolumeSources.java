package io.kubetron.emulation.cri;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;

/**
 * Where the kubelet gets the contents of a Pod's API-backed volumes: ConfigMaps, Secrets and service-account tokens
 * (kubernetes/kubernetes {@code pkg/volume/configmap}, {@code pkg/volume/secret}, {@code pkg/volume/projected}, the
 * token from a TokenRequest bound to the Pod, {@code pkg/kubelet/token/token_manager.go}).
 */
public interface VolumeSources {
    /** The ConfigMap's data (binaryData included), empty if it does not exist. */
    Optional<Map<String, byte[]>> configMap(String namespace, String name);

    /** The Secret's data, empty if it does not exist. */
    Optional<Map<String, byte[]>> secret(String namespace, String name);

    /** A token of the Pod's service account bound to the Pod (TokenRequest). */
    String serviceAccountToken(Pod pod, String audience, long expirationSeconds);

    /** For Pods without API-backed volumes: every lookup fails. */
    static VolumeSources none() {
        return new VolumeSources() {
            @Override
            public Optional<Map<String, byte[]>> configMap(String namespace, String name) {
                throw new IllegalStateException("this kubelet reads no ConfigMaps");
            }

            @Override
            public Optional<Map<String, byte[]>> secret(String namespace, String name) {
                throw new IllegalStateException("this kubelet reads no Secrets");
            }

            @Override
            public String serviceAccountToken(Pod pod, String audience, long expirationSeconds) {
                throw new IllegalStateException("this kubelet requests no tokens");
            }
        };
    }
}

package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ServiceAccount admission plugin's mutation of a Pod (kubernetes/kubernetes
 * {@code plugin/pkg/admission/serviceaccount/admission.go}): the {@code default} account when none is named, and,
 * unless {@code automountServiceAccountToken} is false, the projected volume {@code kube-api-access-<5>} (a bound
 * token valid 3607 s, {@code ca.crt} from the {@code kube-root-ca.crt} ConfigMap, the namespace) mounted read-only at
 * {@code /var/run/secrets/kubernetes.io/serviceaccount} in every container. The emulated API server does not run it
 * on every Pod (most test Pods have no kubelet that could mint their tokens); a test applies it to the Pods whose
 * containers call the API. Pure.
 */
public final class ServiceAccountAdmission {
    public static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    /** The ConfigMap the root CA publisher keeps in every namespace ({@code pkg/controller/certificates/rootcacertpublisher}). */
    public static final String ROOT_CA_CONFIGMAP = "kube-root-ca.crt";

    private ServiceAccountAdmission() {}

    public static Pod admit(Pod pod) {
        PodBuilder b = new PodBuilder(pod);
        if (pod.getSpec().getServiceAccountName() == null
                || pod.getSpec().getServiceAccountName().isEmpty()) {
            b.editSpec().withServiceAccountName("default").endSpec();
        }
        if (Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
            return b.build();
        }
        String name = "kube-api-access-" + suffix();
        Pod out = b.editSpec()
                .addToVolumes(new VolumeBuilder()
                        .withName(name)
                        .withNewProjected()
                        .withDefaultMode(0644)
                        .addNewSource()
                        .withNewServiceAccountToken()
                        .withPath("token")
                        .withExpirationSeconds(3607L)
                        .endServiceAccountToken()
                        .endSource()
                        .addNewSource()
                        .withNewConfigMap()
                        .withName(ROOT_CA_CONFIGMAP)
                        .addNewItem()
                        .withKey("ca.crt")
                        .withPath("ca.crt")
                        .endItem()
                        .endConfigMap()
                        .endSource()
                        .addNewSource()
                        .withNewDownwardAPI()
                        .addNewItem()
                        .withPath("namespace")
                        .withNewFieldRef()
                        .withApiVersion("v1")
                        .withFieldPath("metadata.namespace")
                        .endFieldRef()
                        .endItem()
                        .endDownwardAPI()
                        .endSource()
                        .endProjected()
                        .build())
                .endSpec()
                .build();
        List<Container> all = new ArrayList<>(out.getSpec().getContainers());
        if (out.getSpec().getInitContainers() != null) {
            all.addAll(out.getSpec().getInitContainers());
        }
        for (Container c : all) {
            boolean mounted = c.getVolumeMounts() != null
                    && c.getVolumeMounts().stream()
                            .anyMatch(m -> m.getMountPath().equals(MOUNT_PATH));
            if (!mounted) {
                List<io.fabric8.kubernetes.api.model.VolumeMount> mounts =
                        new ArrayList<>(c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts());
                mounts.add(new VolumeMountBuilder()
                        .withName(name)
                        .withMountPath(MOUNT_PATH)
                        .withReadOnly(true)
                        .build());
                c.setVolumeMounts(mounts);
            }
        }
        return out;
    }

    /** The API server's {@code utilrand.String(5)}: lower-case consonants and digits. */
    private static String suffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return s.toString();
    }
}

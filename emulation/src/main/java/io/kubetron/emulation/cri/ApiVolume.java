package io.kubetron.emulation.cri;

import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a configMap, secret or projected volume, as the kubelet's volume plugins write them
 * (kubernetes/kubernetes {@code pkg/volume/configmap/configmap.go}, {@code pkg/volume/secret/secret.go},
 * {@code pkg/volume/projected/projected.go} with {@code pkg/volume/util/atomic_writer.go}): every key as a file, or
 * only the listed {@code items} under their paths, with {@code defaultMode} (0644 unless set) or the item's mode; a
 * missing object or key fails the Pod's start unless marked optional. Written once: the kubelet's later refreshes
 * (and the {@code ..data} symlink swap that makes them atomic) are not emulated.
 */
final class ApiVolume {
    private static final int DEFAULT_MODE = 0644;

    private ApiVolume() {}

    static void write(Pod pod, Volume v, Path dir, VolumeSources sources) throws IOException {
        String ns = pod.getMetadata().getNamespace();
        if (v.getConfigMap() != null) {
            var c = v.getConfigMap();
            Optional<Map<String, byte[]>> data = sources.configMap(ns, c.getName());
            files(
                    v.getName(),
                    "ConfigMap " + c.getName(),
                    data,
                    c.getItems(),
                    c.getOptional(),
                    mode(c.getDefaultMode()),
                    dir);
        } else if (v.getSecret() != null) {
            var s = v.getSecret();
            Optional<Map<String, byte[]>> data = sources.secret(ns, s.getSecretName());
            files(
                    v.getName(),
                    "Secret " + s.getSecretName(),
                    data,
                    s.getItems(),
                    s.getOptional(),
                    mode(s.getDefaultMode()),
                    dir);
        } else {
            int mode = mode(v.getProjected().getDefaultMode());
            for (VolumeProjection p : v.getProjected().getSources()) {
                projection(pod, v.getName(), p, mode, dir, sources);
            }
        }
    }

    private static void projection(
            Pod pod, String volume, VolumeProjection p, int mode, Path dir, VolumeSources sources) throws IOException {
        String ns = pod.getMetadata().getNamespace();
        if (p.getServiceAccountToken() != null) {
            ServiceAccountTokenProjection t = p.getServiceAccountToken();
            long expiration = t.getExpirationSeconds() == null ? 3600 : t.getExpirationSeconds();
            String token = sources.serviceAccountToken(pod, t.getAudience() == null ? "" : t.getAudience(), expiration);
            put(dir.resolve(t.getPath()), token.getBytes(StandardCharsets.UTF_8), mode);
        } else if (p.getConfigMap() != null) {
            ConfigMapProjection c = p.getConfigMap();
            files(
                    volume,
                    "ConfigMap " + c.getName(),
                    sources.configMap(ns, c.getName()),
                    c.getItems(),
                    c.getOptional(),
                    mode,
                    dir);
        } else if (p.getSecret() != null) {
            SecretProjection s = p.getSecret();
            files(
                    volume,
                    "Secret " + s.getName(),
                    sources.secret(ns, s.getName()),
                    s.getItems(),
                    s.getOptional(),
                    mode,
                    dir);
        } else if (p.getDownwardAPI() != null) {
            for (DownwardAPIVolumeFile f : p.getDownwardAPI().getItems()) {
                if (f.getFieldRef() == null) {
                    throw new IllegalArgumentException(
                            "volume " + volume + ": downwardAPI " + f.getPath() + ": only fieldRef is emulated");
                }
                String value = switch (f.getFieldRef().getFieldPath()) {
                    case "metadata.namespace" -> ns;
                    case "metadata.name" -> pod.getMetadata().getName();
                    case "metadata.uid" -> pod.getMetadata().getUid();
                    default ->
                        throw new IllegalArgumentException("volume " + volume + ": downwardAPI fieldRef "
                                + f.getFieldRef().getFieldPath() + " is not emulated");
                };
                put(
                        dir.resolve(f.getPath()),
                        value.getBytes(StandardCharsets.UTF_8),
                        f.getMode() == null ? mode : f.getMode());
            }
        } else {
            throw new IllegalArgumentException("volume " + volume + ": a projection of a kind not emulated");
        }
    }

    private static void files(
            String volume,
            String what,
            Optional<Map<String, byte[]>> data,
            List<KeyToPath> items,
            Boolean optional,
            int mode,
            Path dir)
            throws IOException {
        if (data.isEmpty()) {
            if (Boolean.TRUE.equals(optional)) {
                return;
            }
            throw new IllegalArgumentException("volume " + volume + ": " + what + " not found");
        }
        if (items == null || items.isEmpty()) {
            for (Map.Entry<String, byte[]> e : data.get().entrySet()) {
                put(dir.resolve(e.getKey()), e.getValue(), mode);
            }
            return;
        }
        for (KeyToPath item : items) {
            byte[] value = data.get().get(item.getKey());
            if (value == null) {
                if (Boolean.TRUE.equals(optional)) {
                    continue;
                }
                throw new IllegalArgumentException("volume " + volume + ": " + what + " has no key " + item.getKey());
            }
            put(dir.resolve(item.getPath()), value, item.getMode() == null ? mode : item.getMode());
        }
    }

    private static int mode(Integer m) {
        return m == null ? DEFAULT_MODE : m;
    }

    private static void put(Path file, byte[] content, int mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        Files.setPosixFilePermissions(file, permissions(mode));
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(bits[i]);
            }
        }
        return s;
    }
}

package io.kubetron.lifecycle.decision;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pods looked up the three ways the decision needs: by namespace and name, by uid, and by a port id they list. */
public final class PodIndex {
    private final Map<String, PodView> byName = new HashMap<>();
    private final Map<String, PodView> byUid = new HashMap<>();
    private final Map<String, List<PodView>> byPort = new HashMap<>();

    private PodIndex(Collection<PodView> pods) {
        for (PodView p : pods) {
            byName.put(key(p.namespace(), p.name()), p);
            if (p.uid() != null) {
                byUid.put(p.uid(), p);
            }
            for (String id : p.portIds()) {
                byPort.computeIfAbsent(id, k -> new ArrayList<>(1)).add(p);
            }
        }
    }

    public static PodIndex of(Collection<PodView> pods) {
        return new PodIndex(pods);
    }

    public Optional<PodView> byName(String namespace, String name) {
        return Optional.ofNullable(byName.get(key(namespace, name)));
    }

    public Optional<PodView> byUid(String uid) {
        return Optional.ofNullable(byUid.get(uid));
    }

    /** The Pods whose networksSpec lists this port id (normally none or one). */
    public List<PodView> listing(String portId) {
        return byPort.getOrDefault(portId, List.of());
    }

    public int size() {
        return byName.size();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}

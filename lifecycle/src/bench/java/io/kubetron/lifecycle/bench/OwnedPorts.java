package io.kubetron.lifecycle.bench;

import io.kubetron.backend.Network;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.data.Ref;
import io.kubetron.ovsdb.ops.Condition;
import io.kubetron.ovsdb.ops.Mutation;
import io.kubetron.ovsdb.ops.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes many owned ports straight into OVN Northbound, in batched transactions, with the rows and
 * {@code external_ids} the OVN backend writes (io.kubetron.backend.ovn.OvnBackend, OvnKeys): one backend create per
 * port would cost minutes for 10,000, and the allocation path is not what this benchmark measures.
 */
final class OwnedPorts {
    /** A port written, and the Pod it is for. */
    record Made(String id, String name, String mac, String ip, String namespace, String pod) {}

    private OwnedPorts() {}

    static List<Made> create(OvsdbClient nb, Network net, int count, int batch) {
        UUID ls = UUID.fromString(net.id());
        List<Made> made = new ArrayList<>(count);
        for (int start = 0; start < count; start += batch) {
            List<Operation> ops = new ArrayList<>();
            Set<Ref> refs = new HashSet<>();
            for (int i = start; i < Math.min(count, start + batch); i++) {
                Made m = new Made(
                        UUID.randomUUID().toString(),
                        "bench-" + i,
                        String.format(Locale.ROOT, "0a:58:%02x:%02x:%02x:%02x", 0, 0, (i >> 8) & 0xff, i & 0xff),
                        "10.80." + ((i + 2) >> 8) + "." + ((i + 2) & 0xff),
                        "bench-" + (i % 10),
                        "pod-" + i);
                Map<String, String> ext = new LinkedHashMap<>();
                ext.put("kubetron:creator", "kubetron");
                ext.put("kubetron:network", net.name());
                ext.put("kubetron:port-name", m.name());
                ext.put("kubetron:pod-namespace", m.namespace());
                ext.put("kubetron:pod-name", m.pod());
                ext.put("kubetron:request-uid", UUID.randomUUID().toString());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", m.id());
                row.put("addresses", Set.of(m.mac() + " " + m.ip()));
                row.put("port_security", Set.of(m.mac() + " " + m.ip()));
                row.put("external_ids", ext);
                String named = "p" + i;
                ops.add(Operation.insert("Logical_Switch_Port", row, named));
                refs.add(Ref.named(named));
                made.add(m);
            }
            ops.add(Operation.mutate(
                    "Logical_Switch", List.of(Condition.uuid(ls)), List.of(Mutation.insert("ports", refs))));
            nb.transact("OVN_Northbound", ops);
        }
        return made;
    }
}

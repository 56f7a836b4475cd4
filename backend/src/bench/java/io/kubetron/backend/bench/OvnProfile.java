package io.kubetron.backend.bench;

import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabConfig;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.data.Ref;
import io.kubetron.ovsdb.ops.Condition;
import io.kubetron.ovsdb.ops.Mutation;
import io.kubetron.ovsdb.ops.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A workload for a profiler: OVN port create+delete on a switch with many ports (run under JFR). */
public final class OvnProfile {
    public static void main(String[] args) throws Exception {
        int many = Integer.parseInt(args[0]);
        int samples = Integer.parseInt(args[1]);
        Lab lab = new Lab(LabConfig.named("ktprof").withPorts(47741, 47742, 47743), l -> {});
        lab.up();
        try (NetworkBackend b = Backends.open(BackendSettings.fromMap(
                        Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"));
                OvsdbClient raw = OvsdbClient.connect(lab.endpoints().nb())) {
            Network net = b.createNetwork(
                    new NetworkSpec("prof", new NetworkSpec.SubnetSpec("10.200.0.0/16", null, null), null, null));
            UUID ls = UUID.fromString(net.id());
            for (int start = 0; start < many; start += 1000) {
                List<Operation> ops = new ArrayList<>();
                List<Ref> refs = new ArrayList<>();
                for (int i = start; i < Math.min(many, start + 1000); i++) {
                    ops.add(Operation.insert(
                            "Logical_Switch_Port",
                            Map.of(
                                    "name",
                                    "f-" + i,
                                    "addresses",
                                    Set.of(String.format(
                                            "0a:22:00:%02x:%02x:%02x 10.200.%d.%d",
                                            (i >> 16) & 255, (i >> 8) & 255, i & 255, (i + 2) / 256, (i + 2) % 256))),
                            "f" + i));
                    refs.add(Ref.named("f" + i));
                }
                ops.add(Operation.mutate(
                        "Logical_Switch",
                        List.of(Condition.uuid(ls)),
                        List.of(Mutation.insert("ports", Set.copyOf(refs)))));
                raw.transact("OVN_Northbound", ops);
            }
            long[] c = new long[samples];
            long[] d = new long[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                BackendPort p =
                        b.createPort(new PortRequest(net, "p" + i, new PortOwner("x", "p" + i, null, null, null)));
                long t1 = System.nanoTime();
                b.deletePort(p.id());
                c[i] = t1 - t0;
                d[i] = System.nanoTime() - t1;
            }
            java.util.Arrays.sort(c);
            java.util.Arrays.sort(d);
            System.out.printf("create p50 %.2f ms, delete p50 %.2f ms%n", c[samples / 2] / 1e6, d[samples / 2] / 1e6);
        } finally {
            lab.down();
        }
    }
}

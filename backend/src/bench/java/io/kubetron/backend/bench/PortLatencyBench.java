package io.kubetron.backend.bench;

import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.common.tls.TlsContexts;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabConfig;
import io.kubetron.lab.NeutronOptions;
import io.kubetron.lab.neutron.NeutronEndpoints;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.data.Ref;
import io.kubetron.ovsdb.ops.Condition;
import io.kubetron.ovsdb.ops.Mutation;
import io.kubetron.ovsdb.ops.Operation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Port latency of each backend, two measurements:
 *
 * <ul>
 *   <li>create+delete, p50 and p99, against a floor measured in the same run: one raw OVSDB transact inserting (and
 *       one deleting) a port for OVN; one raw HTTP POST (and DELETE) of a port for Neutron. Once with 100 existing
 *       ports on the network, once with many.
 *   <li>a 2-network Pod's ports (issue 19 item 1), p50 and p90: (a) one direct {@code createPort}, the floor; (b) one
 *       {@code createPorts} of two ports on two networks; (c) two sequential {@code createPort} calls; the ratios b/a
 *       and c/a against the goal b/a <= 1.2. The three are interleaved, in rotating order, so that they share the
 *       machine's load; deletes are not timed.
 * </ul>
 *
 * Arguments: how many existing ports for OVN (default 10,000) and for Neutron (default 1,000; 0 skips Neutron); or
 * {@code bulk [ovnSamples] [neutronSamples]} for the second measurement alone (defaults 300 and 30; 0 skips).
 */
public final class PortLatencyBench {
    private static final int OVN_SAMPLES = 300;
    private static final int NEUTRON_SAMPLES = 40;
    private static final int OVN_BULK_SAMPLES = 300;
    private static final int NEUTRON_BULK_SAMPLES = 30;
    /** issue 19 item 1: a 2-network Pod's ports in at most 1.2 times one direct port create */
    private static final double BULK_GOAL = 1.2;

    public static void main(String[] args) throws Exception {
        boolean bulkOnly = args.length > 0 && args[0].equals("bulk");
        int ovnMany;
        int neutronMany;
        int ovnBulk;
        int neutronBulk;
        if (bulkOnly) {
            ovnMany = 0;
            neutronMany = 0;
            ovnBulk = args.length > 1 ? Integer.parseInt(args[1]) : OVN_BULK_SAMPLES;
            neutronBulk = args.length > 2 ? Integer.parseInt(args[2]) : NEUTRON_BULK_SAMPLES;
        } else {
            ovnMany = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
            neutronMany = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
            ovnBulk = OVN_BULK_SAMPLES;
            neutronBulk = neutronMany > 0 ? NEUTRON_BULK_SAMPLES : 0;
        }
        boolean withNeutron = neutronMany > 0 || neutronBulk > 0;
        LabConfig config = LabConfig.named("ktportb").withPorts(free(), free(), free());
        if (withNeutron) {
            config = config.withNeutron(new NeutronOptions(true, false, free(), free()));
        }
        Lab lab = new Lab(config, l -> {});
        System.out.println("starting the lab" + (withNeutron ? " (OVN + Neutron)" : " (OVN; Neutron skipped)") + "...");
        lab.up();
        try {
            if (ovnMany > 0) {
                ovn(lab, ovnMany);
            }
            if (neutronMany > 0) {
                neutron(lab, neutronMany);
            }
            System.out.printf("load average at the start of the 2-network comparison: %s%n", loadAverage());
            if (ovnBulk > 0) {
                try (NetworkBackend b = Backends.open(BackendSettings.fromMap(
                        Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"))) {
                    bulk(b, "ovn", "10.210", ovnBulk, 50);
                }
            }
            if (neutronBulk > 0) {
                Map<String, String> settings = new HashMap<>(lab.endpoints().variables(lab.config()));
                settings.put("KUBETRON_NEUTRON_TIMEOUT", "5m");
                try (NetworkBackend b = Backends.open(BackendSettings.fromMap(settings, "neutron"))) {
                    bulk(b, "neutron", "10.211", neutronBulk, 3);
                }
            }
            System.out.printf("load average at the end: %s%n", loadAverage());
        } finally {
            lab.down();
        }
    }

    // ------------------------------------------------------------------ a 2-network Pod's ports

    /** (a) one createPort, (b) createPorts of two on two networks, (c) two sequential createPort calls. */
    private static void bulk(NetworkBackend b, String kind, String prefix, int samples, int warmup) {
        Network red = b.createNetwork(new NetworkSpec(
                "bulk-" + kind + "-red", new NetworkSpec.SubnetSpec(prefix + ".0.0/24", null, null), null, null));
        Network blue = b.createNetwork(new NetworkSpec(
                "bulk-" + kind + "-blue", new NetworkSpec.SubnetSpec(prefix + ".1.0/24", null, null), null, null));
        long[] one = new long[samples];
        long[] bulk = new long[samples];
        long[] sequential = new long[samples];
        for (int i = -warmup; i < samples; i++) {
            PortOwner owner = new PortOwner("bench", "pod" + i, null, null, "req-" + i);
            long a = 0;
            long c = 0;
            long d = 0;
            // rotate the order: none of the three always runs right after a delete, or first
            for (int k = 0; k < 3; k++) {
                switch ((i + warmup + k) % 3) {
                    case 0 -> {
                        long t0 = System.nanoTime();
                        BackendPort p = b.createPort(new PortRequest(red, "a-" + i, owner));
                        a = System.nanoTime() - t0;
                        b.deletePort(p.id());
                    }
                    case 1 -> {
                        long t0 = System.nanoTime();
                        List<BackendPort> ps = b.createPorts(List.of(
                                new PortRequest(red, "b-red-" + i, owner),
                                new PortRequest(blue, "b-blue-" + i, owner)));
                        c = System.nanoTime() - t0;
                        ps.forEach(p -> b.deletePort(p.id()));
                    }
                    default -> {
                        long t0 = System.nanoTime();
                        BackendPort p1 = b.createPort(new PortRequest(red, "c-red-" + i, owner));
                        BackendPort p2 = b.createPort(new PortRequest(blue, "c-blue-" + i, owner));
                        d = System.nanoTime() - t0;
                        b.deletePort(p1.id());
                        b.deletePort(p2.id());
                    }
                }
            }
            if (i >= 0) {
                one[i] = a;
                bulk[i] = c;
                sequential[i] = d;
            }
        }
        b.deleteNetwork(red.id());
        b.deleteNetwork(blue.id());
        double a50 = pct(one, 50);
        double a90 = pct(one, 90);
        double b50 = pct(bulk, 50);
        double b90 = pct(bulk, 90);
        double c50 = pct(sequential, 50);
        double c90 = pct(sequential, 90);
        System.out.printf(
                "%-8s 2-network Pod, %3d samples: (a) one createPort p50 %8.2f ms p90 %8.2f ms | (b) createPorts of 2 "
                        + "p50 %8.2f ms p90 %8.2f ms | (c) 2 x createPort p50 %8.2f ms p90 %8.2f ms%n",
                kind, samples, a50, a90, b50, b90, c50, c90);
        System.out.printf(
                "%-8s   ratios p50: b/a %.2f  c/a %.2f | p90: b/a %.2f  c/a %.2f | goal b/a p50 <= %.1f: %s%n",
                kind,
                b50 / a50,
                c50 / a50,
                b90 / a90,
                c90 / a90,
                BULK_GOAL,
                b50 / a50 <= BULK_GOAL ? "met" : "NOT met");
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    // ------------------------------------------------------------------ OVN

    private static void ovn(Lab lab, int many) {
        try (NetworkBackend b = Backends.open(BackendSettings.fromMap(
                        Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"));
                OvsdbClient raw = OvsdbClient.connect(lab.endpoints().nb())) {
            Network net = b.createNetwork(
                    new NetworkSpec("bench-ovn", new NetworkSpec.SubnetSpec("10.200.0.0/16", null, null), null, null));
            UUID ls = UUID.fromString(net.id());
            int existing = 0;
            for (int target : new int[] {100, many}) {
                existing = fillOvn(raw, ls, existing, target);
                long[] floor = new long[OVN_SAMPLES];
                long[] ours = new long[OVN_SAMPLES];
                for (int i = 0; i < OVN_SAMPLES; i++) {
                    long t0 = System.nanoTime();
                    String name = UUID.randomUUID().toString();
                    UUID row = raw.transact(
                                    "OVN_Northbound",
                                    Operation.insert(
                                            "Logical_Switch_Port",
                                            Map.of(
                                                    "name",
                                                    name,
                                                    "addresses",
                                                    Set.of("0a:11:00:00:00:01 10.200.255.250")),
                                            "p"),
                                    Operation.mutate(
                                            "Logical_Switch",
                                            List.of(Condition.uuid(ls)),
                                            List.of(Mutation.insert("ports", Set.of(Ref.named("p"))))))
                            .uuid("p");
                    raw.transact(
                            "OVN_Northbound",
                            Operation.mutate(
                                    "Logical_Switch",
                                    List.of(Condition.uuid(ls)),
                                    List.of(Mutation.delete("ports", Set.of(row)))));
                    floor[i] = System.nanoTime() - t0;

                    t0 = System.nanoTime();
                    BackendPort p = b.createPort(
                            new PortRequest(net, "bench-" + i, new PortOwner("bench", "p" + i, null, null, null)));
                    b.deletePort(p.id());
                    ours[i] = System.nanoTime() - t0;
                }
                report("ovn", target, ours, floor, "raw OVSDB insert + delete transacts");
            }
        }
    }

    /** Adds ports straight into the database, in batches: they only need to exist and hold addresses. */
    private static int fillOvn(OvsdbClient raw, UUID ls, int from, int to) {
        for (int start = from; start < to; start += 1000) {
            List<Operation> ops = new ArrayList<>();
            List<Ref> refs = new ArrayList<>();
            for (int i = start; i < Math.min(to, start + 1000); i++) {
                String ip = "10.200." + ((i + 2) / 256) + "." + ((i + 2) % 256);
                String mac = String.format("0a:22:00:%02x:%02x:%02x", (i >> 16) & 255, (i >> 8) & 255, i & 255);
                String ref = "f" + i;
                ops.add(Operation.insert(
                        "Logical_Switch_Port",
                        Map.of("name", "filler-" + i, "addresses", Set.of(mac + " " + ip)),
                        ref));
                refs.add(Ref.named(ref));
            }
            ops.add(Operation.mutate(
                    "Logical_Switch",
                    List.of(Condition.uuid(ls)),
                    List.of(Mutation.insert("ports", Set.copyOf(refs)))));
            raw.transact("OVN_Northbound", ops);
        }
        return Math.max(from, to);
    }

    // ------------------------------------------------------------------ Neutron

    private static void neutron(Lab lab, int many) throws Exception {
        NeutronEndpoints n = lab.neutron().orElseThrow();
        Map<String, String> settings = new HashMap<>(lab.endpoints().variables(lab.config()));
        settings.put("KUBETRON_NEUTRON_TIMEOUT", "5m");
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TlsContexts.trusting(n.caCert()))
                .build();
        try (NetworkBackend b = Backends.open(BackendSettings.fromMap(settings, "neutron"))) {
            Network net = b.createNetwork(new NetworkSpec(
                    "bench-neutron", new NetworkSpec.SubnetSpec("10.201.0.0/16", null, null), null, null));
            // Neutron's default quota is 500 ports per project; noauth puts everything in fake_project_id
            send(http, "PUT", n.url() + "/v2.0/quotas/fake_project_id", "{\"quota\":{\"port\":-1}}", 200);
            int existing = 0;
            for (int target : new int[] {100, many}) {
                existing = fillNeutron(http, n.url(), net.id(), existing, target);
                long[] floor = new long[NEUTRON_SAMPLES];
                long[] ours = new long[NEUTRON_SAMPLES];
                for (int i = 0; i < NEUTRON_SAMPLES; i++) {
                    long t0 = System.nanoTime();
                    String body = "{\"port\":{\"network_id\":\"" + net.id() + "\",\"name\":\"raw-" + i + "\"}}";
                    String created = send(http, "POST", n.url() + "/v2.0/ports", body, 201);
                    String id = created.replaceAll("(?s).*?\"id\":\\s*\"([^\"]+)\".*", "$1");
                    send(http, "DELETE", n.url() + "/v2.0/ports/" + id, null, 204);
                    floor[i] = System.nanoTime() - t0;

                    t0 = System.nanoTime();
                    BackendPort p = b.createPort(
                            new PortRequest(net, "bench-" + i, new PortOwner("bench", "p" + i, null, null, null)));
                    b.deletePort(p.id());
                    ours[i] = System.nanoTime() - t0;
                }
                report("neutron", target, ours, floor, "raw HTTP POST + DELETE of a port");
            }
        }
    }

    /** Adds ports with Neutron's bulk create, 25 per request (larger bulks failed with HTTP 500 on the loaded lab). */
    private static int fillNeutron(HttpClient http, URI url, String network, int from, int to) throws Exception {
        for (int start = from; start < to; start += 25) {
            StringBuilder b = new StringBuilder("{\"ports\":[");
            for (int i = start; i < Math.min(to, start + 25); i++) {
                b.append(i == start ? "" : ",")
                        .append("{\"network_id\":\"")
                        .append(network)
                        .append("\",\"name\":\"filler-")
                        .append(i)
                        .append("\"}");
            }
            send(http, "POST", url + "/v2.0/ports", b.append("]}").toString(), 201);
        }
        return Math.max(from, to);
    }

    private static String send(HttpClient http, String method, String url, String body, int expected) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
        if (body != null) {
            r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " -> " + resp.statusCode() + " " + resp.body());
        }
        return resp.body();
    }

    // ------------------------------------------------------------------ reporting

    private static void report(String backend, int existing, long[] ours, long[] floor, String floorName) {
        double p50 = pct(ours, 50);
        double p99 = pct(ours, 99);
        double f50 = pct(floor, 50);
        double f99 = pct(floor, 99);
        System.out.printf(
                "%-8s %6d existing ports, %3d samples: create+delete p50 %8.2f ms  p99 %8.2f ms | floor (%s) "
                        + "p50 %8.2f ms  p99 %8.2f ms | ratio p50 %.2f  p99 %.2f%n",
                backend, existing, ours.length, p50, p99, floorName, f50, f99, p50 / f50, p99 / f99);
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }

    private static int free() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

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
                                Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"));
                        OvsdbClient raw = OvsdbClient.connect(lab.endpoints().nb())) {
                    bulk(b, "ovn", "10.210", ovnBulk, 200, rawOvn(raw));
                }
            }
            if (neutronBulk > 0) {
                Map<String, String> settings = new HashMap<>(lab.endpoints().variables(lab.config()));
                settings.put("KUBETRON_NEUTRON_TIMEOUT", "5m");
                NeutronEndpoints n = lab.neutron().orElseThrow();
                HttpClient http = HttpClient.newBuilder()
                        .sslContext(TlsContexts.trusting(n.caCert()))
                        .build();
                try (NetworkBackend b = Backends.open(BackendSettings.fromMap(settings, "neutron"))) {
                    bulk(b, "neutron", "10.211", neutronBulk, 3, rawNeutron(http, n.url()));
                }
            }
            System.out.printf("load average at the end: %s%n", loadAverage());
        } finally {
            lab.down();
        }
    }

    // ------------------------------------------------------------------ a 2-network Pod's ports

    /** Creates ports straight through the backend's protocol, for the raw floor; returns what deletes them. */
    private interface RawCreate {
        Runnable one(Network red, int i) throws Exception;

        Runnable two(Network red, Network blue, int i) throws Exception;
    }

    /** One measured step: creates, returns its time in nanoseconds, and cleans up (untimed). */
    private interface Step {
        long run(int i) throws Exception;
    }

    /**
     * (a) one createPort, (b) createPorts of two on two networks, (c) two sequential createPort calls, and the raw
     * protocol's own cost of one port and of two in one request, interleaved in rotating order.
     */
    private static void bulk(NetworkBackend b, String kind, String prefix, int samples, int warmup, RawCreate raw)
            throws Exception {
        Network red = b.createNetwork(new NetworkSpec(
                "bulk-" + kind + "-red", new NetworkSpec.SubnetSpec(prefix + ".0.0/24", null, null), null, null));
        Network blue = b.createNetwork(new NetworkSpec(
                "bulk-" + kind + "-blue", new NetworkSpec.SubnetSpec(prefix + ".1.0/24", null, null), null, null));
        PortOwner owner = new PortOwner("bench", "pod", null, null, "req");
        List<Step> steps = List.of(
                i -> {
                    long t0 = System.nanoTime();
                    BackendPort p = b.createPort(new PortRequest(red, "a-" + i, owner));
                    long t = System.nanoTime() - t0;
                    b.deletePort(p.id());
                    return t;
                },
                i -> {
                    long t0 = System.nanoTime();
                    List<BackendPort> ps = b.createPorts(List.of(
                            new PortRequest(red, "b-red-" + i, owner), new PortRequest(blue, "b-blue-" + i, owner)));
                    long t = System.nanoTime() - t0;
                    ps.forEach(p -> b.deletePort(p.id()));
                    return t;
                },
                i -> {
                    long t0 = System.nanoTime();
                    BackendPort p1 = b.createPort(new PortRequest(red, "c-red-" + i, owner));
                    BackendPort p2 = b.createPort(new PortRequest(blue, "c-blue-" + i, owner));
                    long t = System.nanoTime() - t0;
                    b.deletePort(p1.id());
                    b.deletePort(p2.id());
                    return t;
                },
                i -> {
                    long t0 = System.nanoTime();
                    Runnable undo = raw.one(red, i);
                    long t = System.nanoTime() - t0;
                    undo.run();
                    return t;
                },
                i -> {
                    long t0 = System.nanoTime();
                    Runnable undo = raw.two(red, blue, i);
                    long t = System.nanoTime() - t0;
                    undo.run();
                    return t;
                });
        long[][] times = new long[steps.size()][samples];
        for (int i = -warmup; i < samples; i++) {
            // rotate the order: no step always runs first, or right after the same other one
            for (int k = 0; k < steps.size(); k++) {
                int step = (i + warmup + k) % steps.size();
                long t = steps.get(step).run(i);
                if (i >= 0) {
                    times[step][i] = t;
                }
            }
        }
        b.deleteNetwork(red.id());
        b.deleteNetwork(blue.id());
        double[] p50 = new double[steps.size()];
        double[] p90 = new double[steps.size()];
        for (int s = 0; s < steps.size(); s++) {
            p50[s] = pct(times[s], 50);
            p90[s] = pct(times[s], 90);
        }
        System.out.printf(
                "%-8s 2-network Pod, %3d samples: (a) one createPort p50 %8.2f ms p90 %8.2f ms | (b) createPorts of 2 "
                        + "p50 %8.2f ms p90 %8.2f ms | (c) 2 x createPort p50 %8.2f ms p90 %8.2f ms%n",
                kind, samples, p50[0], p90[0], p50[1], p90[1], p50[2], p90[2]);
        System.out.printf(
                "%-8s   raw protocol: one port p50 %8.2f ms p90 %8.2f ms | two ports in one request p50 %8.2f ms "
                        + "p90 %8.2f ms | raw two/one p50 %.2f%n",
                kind, p50[3], p90[3], p50[4], p90[4], p50[4] / p50[3]);
        System.out.printf(
                "%-8s   ratios p50: b/a %.2f  c/a %.2f | p90: b/a %.2f  c/a %.2f | goal b/a p50 <= %.1f: %s%n",
                kind,
                p50[1] / p50[0],
                p50[2] / p50[0],
                p90[1] / p90[0],
                p90[2] / p90[0],
                BULK_GOAL,
                p50[1] / p50[0] <= BULK_GOAL ? "met" : "NOT met");
    }

    /** OVN: one transaction inserting a port into one switch, or two ports into two switches. */
    private static RawCreate rawOvn(OvsdbClient raw) {
        return new RawCreate() {
            @Override
            public Runnable one(Network red, int i) {
                return insert(List.of(red), i);
            }

            @Override
            public Runnable two(Network red, Network blue, int i) {
                return insert(List.of(red, blue), i);
            }

            private Runnable insert(List<Network> on, int i) {
                List<Operation> ops = new ArrayList<>();
                for (int k = 0; k < on.size(); k++) {
                    String mac = String.format("0a:33:00:00:%02x:%02x", k, i & 255);
                    ops.add(Operation.insert(
                            "Logical_Switch_Port",
                            Map.of(
                                    "name",
                                    UUID.randomUUID().toString(),
                                    "addresses",
                                    Set.of(mac + " "
                                            + on.get(k).subnets().get(0).cidr().replace(".0/24", ".250"))),
                            "p" + k));
                    ops.add(Operation.mutate(
                            "Logical_Switch",
                            List.of(Condition.uuid(UUID.fromString(on.get(k).id()))),
                            List.of(Mutation.insert("ports", Set.of(Ref.named("p" + k))))));
                }
                var result = raw.transact("OVN_Northbound", ops);
                return () -> {
                    List<Operation> undo = new ArrayList<>();
                    for (int k = 0; k < on.size(); k++) {
                        undo.add(Operation.mutate(
                                "Logical_Switch",
                                List.of(Condition.uuid(UUID.fromString(on.get(k).id()))),
                                List.of(Mutation.delete("ports", Set.of(result.uuid("p" + k))))));
                    }
                    raw.transact("OVN_Northbound", undo);
                };
            }
        };
    }

    /** Neutron: one POST of a port, or one bulk POST of two ports on two networks. */
    private static RawCreate rawNeutron(HttpClient http, URI url) {
        return new RawCreate() {
            @Override
            public Runnable one(Network red, int i) throws Exception {
                String body = "{\"port\":{\"network_id\":\"" + red.id() + "\",\"name\":\"raw1-" + i + "\"}}";
                String created = send(http, "POST", url + "/v2.0/ports", body, 201);
                return deleting(List.of(created.replaceAll("(?s).*?\"id\":\\s*\"([^\"]+)\".*", "$1")));
            }

            @Override
            public Runnable two(Network red, Network blue, int i) throws Exception {
                String body = "{\"ports\":[{\"network_id\":\"" + red.id() + "\",\"name\":\"raw2r-" + i + "\"},"
                        + "{\"network_id\":\"" + blue.id() + "\",\"name\":\"raw2b-" + i + "\"}]}";
                String created = send(http, "POST", url + "/v2.0/ports", body, 201);
                List<String> ids = new ArrayList<>();
                var m = java.util.regex.Pattern.compile("\"id\":\\s*\"([0-9a-f-]{36})\",\\s*\"name\":\\s*\"raw2")
                        .matcher(created);
                while (m.find()) {
                    ids.add(m.group(1));
                }
                if (ids.size() != 2) {
                    throw new IllegalStateException("bulk answer without two port ids: " + created);
                }
                return deleting(ids);
            }

            private Runnable deleting(List<String> ids) {
                return () -> {
                    try {
                        for (String id : ids) {
                            send(http, "DELETE", url + "/v2.0/ports/" + id, null, 204);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
        };
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

    private static int free() {
        return io.kubetron.lab.FreePorts.next();
    }
}

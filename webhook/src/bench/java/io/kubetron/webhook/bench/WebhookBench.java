package io.kubetron.webhook.bench;

import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.common.tls.TlsContexts;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabConfig;
import io.kubetron.lab.NeutronOptions;
import io.kubetron.lab.Pki;
import io.kubetron.model.Annotations;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.webhook.InProcessCost;
import io.kubetron.webhook.create.PortNames;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Admission latency and throughput of the webhook (its own process, over HTTPS) against a real backend from a lab,
 * next to the floor: the same two port creates done directly on the backend in the same run. Args: backend kinds
 * ({@code ovn}, {@code neutron}); system properties {@code bench.samples} (200), {@code bench.total} (1000),
 * {@code bench.concurrency} (32).
 */
public final class WebhookBench {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SAMPLES = Integer.getInteger("bench.samples", 200);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 200);
    private static final int COLD = Integer.getInteger("bench.cold", 100);
    private static final int DRY_RUNS = Integer.getInteger("bench.dryRuns", 8000);
    private static final int TOTAL = Integer.getInteger("bench.total", 1000);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
    private static final String NS = "bench";

    private WebhookBench() {}

    public static void main(String[] args) throws Exception {
        List<String> kinds = args.length == 0 ? List.of("ovn") : Arrays.asList(args);
        System.out.printf(
                "webhook benchmark: %d cores, JDK %s, samples %d (warm-up %d), %d admissions at concurrency %d, "
                        + "load average %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                SAMPLES,
                WARMUP,
                TOTAL,
                CONCURRENCY,
                loadAverage());
        double[] cost = InProcessCost.measure(5, 2000);
        System.out.printf(
                "in-process CREATE review with a test double backend (2 networks), ms per review in rounds "
                        + "of 2000: %.3f %.3f %.3f %.3f %.3f%n",
                cost[0], cost[1], cost[2], cost[3], cost[4]);
        for (String kind : kinds) {
            run(kind);
        }
    }

    private static void run(String kind) throws Exception {
        boolean neutron = kind.equals("neutron");
        LabConfig config = LabConfig.named(neutron ? "ktwhbn" : "ktwhb").withPorts(freePort(), freePort(), freePort());
        if (neutron) {
            config = config.withNeutron(new NeutronOptions(true, false, freePort(), freePort()));
        }
        Lab lab = new Lab(config, line -> {});
        lab.up();
        Path tmp = Files.createTempDirectory("kubetron-bench");
        Process webhook = null;
        try {
            Map<String, String> env = new HashMap<>();
            if (neutron) {
                env.putAll(lab.neutron().orElseThrow().variables());
                env.put("KUBETRON_BACKEND", "neutron");
            } else {
                env.put("KUBETRON_BACKEND", "ovn");
                env.put("KUBETRON_OVN_NB", lab.endpoints().nb());
            }
            Pki.Identity tls = Pki.createCa(tmp, "benchca").issue("webhook");
            try (NetworkBackend backend = Backends.open(BackendSettings.fromMap(env, kind))) {
                Network red = backend.createNetwork(new NetworkSpec(
                        "bench-red", new NetworkSpec.SubnetSpec("10.120.0.0/20", null, List.of()), null, null));
                Network blue = backend.createNetwork(new NetworkSpec(
                        "bench-blue", new NetworkSpec.SubnetSpec("10.121.0.0/20", null, List.of()), null, null));
                webhook = startWebhook(env, tls);
                int port = readyPort(webhook);
                HttpClient client = client(tls.caCertificate());
                URI uri = URI.create("https://127.0.0.1:" + port + "/admission");

                // latency: admissions and direct creates interleaved, one at a time
                PortNames names = PortNames.secure();
                List<Long> coldDirect = new ArrayList<>();
                List<Long> coldSingle = new ArrayList<>();
                List<Long> coldAdmission = new ArrayList<>();
                latency(backend, client, uri, red, blue, names, 0, COLD, 0, coldDirect, coldSingle, coldAdmission);
                // JIT warm-up of the webhook process without side effects: dry-run admissions
                warmUp(client, uri);
                List<Long> direct = new ArrayList<>();
                List<Long> single = new ArrayList<>();
                List<Long> admission = new ArrayList<>();
                latency(
                        backend,
                        client,
                        uri,
                        red,
                        blue,
                        names,
                        COLD,
                        WARMUP + SAMPLES,
                        WARMUP,
                        direct,
                        single,
                        admission);
                String breakdown = breakdown(client, URI.create("https://127.0.0.1:" + port + "/metrics"));
                System.out.printf("%n== backend %s ==   (load average at the end: %s)%n", kind, loadAverage());
                System.out.printf(
                        "2-network Pod CREATE admission over HTTPS, fresh webhook process (first %d):%n", COLD);
                System.out.printf(
                        "  admission        p50 %7.2f ms   p99 %7.2f ms%n",
                        pct(coldAdmission, 50), pct(coldAdmission, 99));
                System.out.printf(
                        "  2 direct creates p50 %7.2f ms   p99 %7.2f ms%n", pct(coldDirect, 50), pct(coldDirect, 99));
                System.out.printf(
                        "  overhead ratio   p50 %7.2f      p99 %7.2f   (admission / direct)%n",
                        pct(coldAdmission, 50) / pct(coldDirect, 50), pct(coldAdmission, 99) / pct(coldDirect, 99));
                System.out.printf(
                        "2-network Pod CREATE admission over HTTPS, after %d dry-run admissions and %d more "
                                + "(%d samples):%n",
                        DRY_RUNS, WARMUP, SAMPLES);
                System.out.printf(
                        "  admission        p50 %7.2f ms   p99 %7.2f ms%n", pct(admission, 50), pct(admission, 99));
                System.out.printf("  2 direct creates p50 %7.2f ms   p99 %7.2f ms%n", pct(direct, 50), pct(direct, 99));
                System.out.printf("  1 direct create  p50 %7.2f ms   p99 %7.2f ms%n", pct(single, 50), pct(single, 99));
                System.out.printf(
                        "  overhead ratio   p50 %7.2f      p99 %7.2f   (admission / 2 direct)%n",
                        pct(admission, 50) / pct(direct, 50), pct(admission, 99) / pct(direct, 99));
                double goal = pct(admission, 50) / pct(single, 50);
                System.out.printf(
                        "  one-round-trip   p50 %7.2f                 (admission / 1 direct; goal <= 1.20: %s)%n",
                        goal, goal <= 1.2 ? "met" : "not met");
                System.out.println(
                        "  inside the webhook, mean per call (whole run so far, from /metrics): " + breakdown);
                // throughput floor: TOTAL x 2 direct creates, CONCURRENCY in flight, then deleted
                double directSeconds = directThroughput(backend, red, blue);
                // throughput: TOTAL admissions, CONCURRENCY in flight
                AtomicInteger errors = new AtomicInteger();
                ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<ObjectNode[]> made = new ConcurrentLinkedQueue<>();
                AtomicInteger next = new AtomicInteger();
                long start = System.nanoTime();
                try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
                    List<Future<?>> fs = new ArrayList<>();
                    for (int t = 0; t < CONCURRENCY; t++) {
                        fs.add(pool.submit(() -> {
                            for (int i = next.getAndIncrement(); i < TOTAL; i = next.getAndIncrement()) {
                                String pod = "tput-" + i;
                                try {
                                    ObjectNode review = createReview(pod);
                                    JsonNode resp = post(client, uri, review);
                                    check(resp, pod);
                                    made.add(new ObjectNode[] {review, (ObjectNode) resp});
                                } catch (Exception e) {
                                    errors.incrementAndGet();
                                    if (firstErrors.size() < 5) {
                                        firstErrors.add(pod + ": " + e.getMessage());
                                    }
                                }
                            }
                        }));
                    }
                    for (Future<?> f : fs) {
                        f.get();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long rss = rssKb(webhook.pid(), "VmRSS");
                long hwm = rssKb(webhook.pid(), "VmHWM");
                int ports = backend.listOwnedPorts(new OwnerFilter(NS, null)).size();
                // ports are released by the lifecycle controller when the Pod object goes, not at DELETE admission:
                // the bench removes them itself
                List<BackendPort> leftPorts = backend.listOwnedPorts(new OwnerFilter(NS, null));
                int left = leftPorts.size();
                for (int i = 0; i < leftPorts.size(); i++) {
                    try {
                        backend.deletePort(leftPorts.get(i).id());
                    } catch (RuntimeException e) {
                        System.out.println("  could not delete a left port: " + e.getMessage());
                    }
                }

                System.out.printf(
                        "%d admissions at concurrency %d: %.2f s, %.1f admissions/s, errors %d%s%n",
                        TOTAL,
                        CONCURRENCY,
                        seconds,
                        TOTAL / seconds,
                        errors.get(),
                        firstErrors.isEmpty() ? "" : " " + firstErrors);
                System.out.printf(
                        "  floor, %d x 2 direct creates at concurrency %d: %.2f s, %.1f Pods' worth/s, "
                                + "errors %d; ratio admission time / direct time %.2f%n",
                        TOTAL,
                        CONCURRENCY,
                        directSeconds,
                        TOTAL / directSeconds,
                        directErrors.get(),
                        seconds / directSeconds);
                System.out.printf(
                        "  ports in the backend after the run: %d (expected %d); removed by the bench: %d%n",
                        ports, 2 * made.size(), left);
                System.out.printf("webhook RSS after the run: %.1f MiB (peak %.1f MiB)%n", rss / 1024.0, hwm / 1024.0);
                try {
                    backend.deleteNetwork("bench-red");
                    backend.deleteNetwork("bench-blue");
                } catch (RuntimeException e) {
                    System.out.println("  could not delete the networks (the lab goes anyway): " + e.getMessage());
                }
            }
        } finally {
            if (webhook != null) {
                webhook.getOutputStream().close();
                webhook.destroy();
                webhook.waitFor();
            }
            lab.down();
        }
    }

    /**
     * {@code count} iterations of three timed parts, in rotating order: two direct creates, one direct create (the
     * floor of the one-round-trip goal), one admission (the first {@code skip} iterations not kept).
     */
    private static void latency(
            NetworkBackend backend,
            HttpClient client,
            URI uri,
            Network red,
            Network blue,
            PortNames names,
            int from,
            int count,
            int skip,
            List<Long> direct,
            List<Long> single,
            List<Long> admission)
            throws Exception {
        for (int i = from; i < from + count; i++) {
            // rotate which goes first: each then follows the others' clean-up equally often
            long d = 0;
            long one = 0;
            long adm = 0;
            for (int part = 0; part < 3; part++) {
                int which = (part + i) % 3;
                PortOwner owner = new PortOwner(NS, "direct-" + i, null, null, "direct-" + i);
                if (which == 0) {
                    long t0 = System.nanoTime();
                    BackendPort a = backend.createPort(new PortRequest(red, names.next("red", Set.of()), owner));
                    BackendPort b = backend.createPort(new PortRequest(blue, names.next("blue", Set.of()), owner));
                    d = System.nanoTime() - t0;
                    backend.deletePort(a.id());
                    backend.deletePort(b.id());
                } else if (which == 1) {
                    long t0 = System.nanoTime();
                    BackendPort a = backend.createPort(new PortRequest(red, names.next("red", Set.of()), owner));
                    one = System.nanoTime() - t0;
                    backend.deletePort(a.id());
                } else {
                    String pod = "lat-" + i;
                    ObjectNode review = createReview(pod);
                    long t0 = System.nanoTime();
                    JsonNode resp = post(client, uri, review);
                    adm = System.nanoTime() - t0;
                    check(resp, pod);
                    for (BackendPort p : backend.listOwnedPorts(OwnerFilter.pod(NS, pod))) {
                        backend.deletePort(p.id()); // the lifecycle controller's part, outside the timing
                    }
                }
            }
            if (i - from >= skip) {
                direct.add(d);
                single.add(one);
                admission.add(adm);
            }
        }
    }

    private static void warmUp(HttpClient client, URI uri) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < DRY_RUNS / 4; i++) {
                        ObjectNode review = createReview("dry-" + thread + "-" + i);
                        ((ObjectNode) review.get("request")).put("dryRun", true);
                        check(post(client, uri, review), "dry run");
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
    }

    /** Seconds for TOTAL pairs of direct creates at CONCURRENCY; the ports are deleted afterwards (not timed). */
    private static final AtomicInteger directErrors = new AtomicInteger();

    private static double directThroughput(NetworkBackend backend, Network red, Network blue) throws Exception {
        directErrors.set(0);
        PortNames names = PortNames.secure();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < CONCURRENCY; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < TOTAL; i = next.getAndIncrement()) {
                        PortOwner owner = new PortOwner(NS, "dtput-" + i, null, null, "dtput-" + i);
                        try {
                            ids.add(backend.createPort(
                                            new PortRequest(red, names.next("red", Set.of()), owner, null, null))
                                    .id());
                            ids.add(backend.createPort(
                                            new PortRequest(blue, names.next("blue", Set.of()), owner, null, null))
                                    .id());
                        } catch (RuntimeException e) {
                            if (directErrors.incrementAndGet() <= 3) {
                                System.out.println("  direct create failed: " + e.getMessage());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (String id : ids) {
            try {
                backend.deletePort(id);
            } catch (RuntimeException e) {
                System.out.println("  direct delete failed: " + e.getMessage());
            }
        }
        return seconds;
    }

    /** Mean time per admission and per backend call, from the webhook's own histograms. */
    private static String breakdown(HttpClient client, URI metrics) throws Exception {
        String text = client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, double[]> sums = new java.util.TreeMap<>();
        for (String line : text.split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                            "kubetron_webhook_(admission|backend_call)_duration_seconds_(sum|count)\\{(?:operation|call)=\"([^\"]+)\"\\} (\\S+)")
                    .matcher(line);
            if (m.matches()) {
                double[] v = sums.computeIfAbsent(
                        m.group(1).equals("admission") ? "admission " + m.group(3) : m.group(3), k -> new double[2]);
                v[m.group(2).equals("sum") ? 0 : 1] = Double.parseDouble(m.group(4));
            }
        }
        StringBuilder b = new StringBuilder();
        sums.forEach((k, v) ->
                b.append(String.format("%s %.2f ms (n=%d); ", k, v[1] == 0 ? 0 : v[0] / v[1] * 1000, (long) v[1])));
        return b.toString();
    }

    private static Process startWebhook(Map<String, String> env, Pki.Identity tls) throws Exception {
        return startWebhook(env, tls, ProcessBuilder.Redirect.INHERIT);
    }

    /** The webhook as its own JVM ({@code bench.webhookJvm}, default -Xmx256m SerialGC), its log to {@code stderr}. */
    static Process startWebhook(Map<String, String> env, Pki.Identity tls, ProcessBuilder.Redirect stderr)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(Arrays.asList(System.getProperty("bench.webhookJvm", "-Xmx256m -XX:+UseSerialGC")
                .split("[ ,]+")));
        cmd.addAll(List.of(
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                WebhookProcess.class.getName(),
                tls.certificate().toString(),
                tls.privateKey().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectError(stderr);
        return pb.start();
    }

    static int readyPort(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || !line.startsWith("READY ")) {
            throw new IllegalStateException("the webhook did not start: " + line);
        }
        return Integer.parseInt(line.substring(6).trim());
    }

    static ObjectNode createReview(String pod) throws Exception {
        ObjectNode root;
        try (InputStream in = WebhookBench.class.getResourceAsStream("/fixtures/create-last-applied.json")) {
            root = (ObjectNode) JSON.readTree(in);
        }
        ObjectNode req = (ObjectNode) root.get("request");
        req.put("uid", UUID.randomUUID().toString());
        req.put("name", pod);
        req.put("namespace", NS);
        ObjectNode meta = (ObjectNode) req.get("object").get("metadata");
        meta.put("name", pod);
        meta.put("namespace", NS);
        ((ObjectNode) meta.get("annotations")).put(Annotations.NETWORKS, "bench-red, bench-blue");
        return root;
    }

    static void check(JsonNode resp, String pod) {
        if (!resp.at("/response/allowed").asBoolean()) {
            throw new IllegalStateException(
                    pod + " denied: " + resp.at("/response/status/message").asString());
        }
    }

    static JsonNode post(HttpClient client, URI uri, JsonNode review) throws Exception {
        HttpResponse<byte[]> r = client.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(review)))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(
                    "HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(r.body());
    }

    static HttpClient client(Path ca) {
        return HttpClient.newBuilder()
                .sslContext(TlsContexts.trusting(ca))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    static double pct(List<Long> nanos, int p) {
        long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(i, s.length - 1))] / 1e6;
    }

    static long rssKb(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static String loadAverage() throws Exception {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    static int freePort() throws Exception {
        return io.kubetron.lab.FreePorts.next();
    }
}

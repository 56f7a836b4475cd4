package io.kubetron.webhook.bench;

import io.kubetron.backend.BackendPort;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabConfig;
import io.kubetron.lab.Pki;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Admissions of well-behaved clients while hostile ones attack the webhook ({@link Attackers}): the real webhook in
 * its own JVM ({@code -Xmx256m}, as {@link WebhookBench}) on a real OVN backend from a lab, a steady stream of real
 * 2-network Pod CREATE admissions from {@code bench.clients} keep-alive clients (as an API server's), measured quiet,
 * then while every kind of attacker attacks a decoy webhook beside this one (the floor: the same load on the shared
 * CPUs, the attack elsewhere), then while they attack this webhook, then quiet again. Prints p50/p99 of each phase and
 * the ratios attacked / loaded (what attacking this webhook adds; goal: p99 at most 2x) and attacked / quiet, the CPU
 * of each part, the failed admissions, the webhook's RSS and thread count before, at most
 * during and after the attack, what the attackers got, and whether the webhook lived through it.
 */
public final class HostileBench {
    private static final int SAMPLES = Integer.getInteger("bench.samples", 600);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 2);
    /** Between a client's admissions: a steady stream that leaves the machine headroom when quiet. */
    private static final int THINK_MS = Integer.getInteger("bench.thinkMs", 100);

    private static final int RAMP_S = Integer.getInteger("bench.rampSeconds", 12);
    private static final int DRY_RUNS = Integer.getInteger("bench.dryRuns", 4000);
    private static final String NS = "bench";

    private HostileBench() {}

    public static void main(String[] args) throws Exception {
        Attackers.Plan plan = Attackers.Plan.fromProperties();
        System.out.printf(
                "hostile-client benchmark: %d cores, JDK %s, %d samples per phase from %d clients (%d ms apart),"
                        + " load average %s%n  attack: %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                SAMPLES,
                CLIENTS,
                THINK_MS,
                WebhookBench.loadAverage(),
                plan);
        LabConfig config = LabConfig.named("ktwhh")
                .withPorts(WebhookBench.freePort(), WebhookBench.freePort(), WebhookBench.freePort());
        Lab lab = new Lab(config, line -> {});
        lab.up();
        Path tmp = Files.createTempDirectory("kubetron-hostile");
        Process webhook = null;
        try {
            Map<String, String> env = new HashMap<>();
            env.put("KUBETRON_BACKEND", "ovn");
            env.put("KUBETRON_OVN_NB", lab.endpoints().nb());
            Pki.Identity id = Pki.createCa(tmp, "hostileca").issue("webhook");
            try (NetworkBackend backend = Backends.open(BackendSettings.fromMap(env, "ovn"))) {
                backend.createNetwork(new NetworkSpec(
                        "bench-red", new NetworkSpec.SubnetSpec("10.120.0.0/16", null, List.of()), null, null));
                backend.createNetwork(new NetworkSpec(
                        "bench-blue", new NetworkSpec.SubnetSpec("10.121.0.0/16", null, List.of()), null, null));
                Path log = tmp.resolve("webhook.log");
                webhook = start(env, id, log);
                int port = WebhookBench.readyPort(webhook);
                URI uri = URI.create("https://127.0.0.1:" + port + "/admission");
                Sampler sampler = new Sampler(webhook.pid());
                Thread.ofPlatform().daemon().start(sampler);
                warmUp(id, uri); // the JIT: without it the quiet phase is no floor
                Phase warm = phase("warm-up", id, uri, SAMPLES / 2, backend);
                Sampler.Reading idle = sampler.now();
                Cpu quietCpu = Cpu.now(webhook.pid(), -1);
                Phase quiet = phase("quiet", id, uri, SAMPLES, backend);
                quietCpu = quietCpu.until(Cpu.now(webhook.pid(), -1));
                // the floor under the same machine load: the same attack on a decoy webhook beside this one, so
                // that what the attackers and the attacked server cost the shared CPUs is in the floor too, and the
                // ratio is what attacking this webhook adds
                Process decoy = start(env, id, tmp.resolve("decoy.log"));
                Phase loaded;
                Cpu loadedCpu;
                String decoyGot;
                try {
                    Process decoyAttackers = attackers(WebhookBench.readyPort(decoy), id.caCertificate());
                    Thread.sleep(RAMP_S * 1000L);
                    loadedCpu = Cpu.now(webhook.pid(), decoyAttackers.pid());
                    loaded = phase("loaded", id, uri, SAMPLES, backend);
                    loadedCpu = loadedCpu.until(Cpu.now(webhook.pid(), decoyAttackers.pid()));
                    decoyAttackers.getOutputStream().close();
                    decoyGot = new String(decoyAttackers.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                            .replace("ATTACKING", "")
                            .trim();
                    decoyAttackers.waitFor();
                } finally {
                    decoy.getOutputStream().close();
                    decoy.destroy();
                    decoy.waitFor();
                }
                Thread.sleep(5_000);
                Sampler.Reading beforeAttack = sampler.now();
                sampler.resetPeak();
                Process attackers = attackers(port, id.caCertificate());
                Thread.sleep(RAMP_S * 1000L); // every slow client is in, and some were cut and came back
                Cpu attackedCpu = Cpu.now(webhook.pid(), attackers.pid());
                Phase attacked = phase("attacked", id, uri, SAMPLES, backend);
                attackedCpu = attackedCpu.until(Cpu.now(webhook.pid(), attackers.pid()));
                Sampler.Reading peak = sampler.peak();
                attackers.getOutputStream().close();
                String got = new String(attackers.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                attackers.waitFor();
                Thread.sleep(12_000); // the server's deadlines (10 s) let go of what the attackers left
                Phase after = phase("after", id, uri, SAMPLES / 2, backend);
                Sampler.Reading afterAttack = sampler.now();
                boolean alive = webhook.isAlive();

                System.out.printf("%n2-network Pod CREATE admissions over HTTPS, OVN backend, ms:%n");
                for (Phase p : List.of(warm, quiet, loaded, attacked, after)) {
                    System.out.println("  " + p);
                }
                System.out.printf(
                        "  ratio attacked / loaded  p50 %.2f   p99 %.2f   (the attack on this webhook, at the same"
                                + " machine load; goal: p99 <= 2)%n",
                        attacked.p50() / loaded.p50(), attacked.p99() / loaded.p99());
                System.out.printf(
                        "  ratio attacked / quiet   p50 %.2f   p99 %.2f   (the attack and the load it puts on this"
                                + " %d-core machine)%n",
                        attacked.p50() / quiet.p50(),
                        attacked.p99() / quiet.p99(),
                        Runtime.getRuntime().availableProcessors());
                System.out.printf(
                        "CPU in cores (of %d): quiet %s; loaded (decoy attacked) %s; attacked %s%n",
                        Runtime.getRuntime().availableProcessors(), quietCpu, loadedCpu, attackedCpu);
                System.out.println("attackers of the decoy got: " + decoyGot);
                System.out.printf(
                        "webhook process: idle %s; before the attack %s; at most during it %s; after it %s%n",
                        idle, beforeAttack, peak, afterAttack);
                System.out.println(
                        "attackers got: " + got.replace("ATTACKING", "").trim());
                System.out.println("webhook metrics after: " + serverCounters(id, port));
                System.out.printf(
                        "webhook log: %d lines; webhook %s%n",
                        lines(log), alive ? "alive, answering" : "DEAD (exit " + webhook.exitValue() + ")");
                if (System.getProperty("bench.webhookJvm", "").contains("NativeMemoryTracking")) {
                    nativeMemory(webhook.pid());
                }
                cleanUp(backend);
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

    /** The latencies of one phase. */
    record Phase(String name, List<Long> nanos, int failures, String firstFailure) {
        double p50() {
            return WebhookBench.pct(nanos, 50);
        }

        double p99() {
            return WebhookBench.pct(nanos, 99);
        }

        @Override
        public String toString() {
            return String.format(
                    "%-9s n=%4d  p50 %7.2f  p99 %7.2f  max %8.2f  failed %d%s",
                    name,
                    nanos.size(),
                    nanos.isEmpty() ? 0 : p50(),
                    nanos.isEmpty() ? 0 : p99(),
                    nanos.isEmpty() ? 0 : WebhookBench.pct(nanos, 100),
                    failures,
                    firstFailure == null ? "" : " (first: " + firstFailure + ")");
        }
    }

    /** {@code count} admissions from {@link #CLIENTS} clients, each on its own keep-alive connection. */
    private static Phase phase(String name, Pki.Identity id, URI uri, int count, NetworkBackend backend)
            throws Exception {
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        String[] first = {null};
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            HttpClient client = WebhookBench.client(id.caCertificate());
            clients.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String pod = name + "-" + i;
                    try {
                        ObjectNode review = WebhookBench.createReview(pod);
                        long t0 = System.nanoTime();
                        JsonNode resp = WebhookBench.post(client, uri, review);
                        long t = System.nanoTime() - t0;
                        WebhookBench.check(resp, pod);
                        nanos.add(t);
                    } catch (Exception e) {
                        if (failures.getAndIncrement() == 0) {
                            first[0] = pod + ": " + e;
                        }
                    }
                    try {
                        Thread.sleep(THINK_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        cleanUp(backend);
        return new Phase(name, new ArrayList<>(nanos), failures.get(), first[0]);
    }

    /** {@link #DRY_RUNS} dry-run admissions (no ports) from four clients. */
    private static void warmUp(Pki.Identity id, URI uri) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            HttpClient client = WebhookBench.client(id.caCertificate());
            ts.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < DRY_RUNS; i = next.getAndIncrement()) {
                    try {
                        ObjectNode review = WebhookBench.createReview("dry-" + i);
                        ((ObjectNode) review.get("request")).put("dryRun", true);
                        WebhookBench.check(WebhookBench.post(client, uri, review), "dry run");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
    }

    private static void cleanUp(NetworkBackend backend) {
        // ports are released by the lifecycle controller in a cluster; here the bench removes them
        for (BackendPort p : backend.listOwnedPorts(new OwnerFilter(NS, null))) {
            try {
                backend.deletePort(p.id());
            } catch (RuntimeException e) {
                System.out.println("  could not delete a port: " + e.getMessage());
            }
        }
    }

    /** The webhook in its own JVM; an attack makes it log: counted, not printed. */
    private static Process start(Map<String, String> env, Pki.Identity tls, Path log) throws Exception {
        return WebhookBench.startWebhook(env, tls, ProcessBuilder.Redirect.to(log.toFile()));
    }

    /** The attackers in a JVM of their own; returns once they attack. */
    private static Process attackers(int port, Path ca) throws Exception {
        // niced: the attackers stand for clients on other machines, whose CPU is not the webhook's to share; what the
        // webhook spends on them (handshakes, parsing, refusals) is still spent at full priority
        List<String> cmd = new ArrayList<>(List.of(
                "nice",
                "-n",
                Integer.getInteger("bench.attackersNice", 19).toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("bench.")) {
                cmd.add("-D" + k + "=" + System.getProperty(k));
            }
        }
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                Attackers.class.getName(),
                Integer.toString(port),
                ca.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] line = new byte[10];
        int n = p.getInputStream().readNBytes(line, 0, line.length);
        if (n < 9) {
            throw new IllegalStateException("the attackers did not start");
        }
        return p;
    }

    private static String serverCounters(Pki.Identity id, int port) {
        try {
            String text = WebhookBench.client(id.caCertificate())
                    .send(
                            java.net.http.HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/metrics"))
                                    .timeout(java.time.Duration.ofSeconds(10))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            StringBuilder b = new StringBuilder();
            for (String line : text.split("\n")) {
                if (line.startsWith("kubetron_http_") && !line.endsWith(" 0")) {
                    b.append(line.replace("kubetron_http_", "")).append("; ");
                }
            }
            return b.toString();
        } catch (Exception e) {
            return "unavailable: " + e;
        }
    }

    /** The webhook's native memory by category (when it runs with -XX:NativeMemoryTracking=summary). */
    private static void nativeMemory(long pid) throws Exception {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(pid),
                        "VM.native_memory",
                        "summary")
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        for (String line : out.split("\n")) {
            if (line.startsWith("Total") || line.startsWith("-")) {
                System.out.println("  nmt " + line.trim());
            }
        }
    }

    private static long lines(Path log) throws Exception {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8))) {
            return r.lines().count();
        }
    }

    /**
     * CPU time of the webhook, of the attackers and of the whole machine, from {@code /proc}: ticks at a point, or
     * (after {@link #until}) cores used on average over an interval.
     */
    record Cpu(long atNanos, double webhook, double attackers, double machineBusy) {
        static Cpu now(long webhookPid, long attackersPid) {
            return new Cpu(System.nanoTime(), ticks(webhookPid), attackersPid < 0 ? 0 : ticks(attackersPid), busy());
        }

        Cpu until(Cpu later) {
            double seconds = (later.atNanos - atNanos) / 1e9 * 100; // clock ticks of USER_HZ 100
            return new Cpu(
                    later.atNanos - atNanos,
                    (later.webhook - webhook) / seconds,
                    (later.attackers - attackers) / seconds,
                    (later.machineBusy - machineBusy) / seconds);
        }

        @Override
        public String toString() {
            return String.format("webhook %.2f, attackers %.2f, machine %.2f", webhook, attackers, machineBusy);
        }

        /** utime + stime of a process and its threads ({@code /proc/PID/stat} fields 14 and 15). */
        private static double ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (Exception e) {
                return 0;
            }
        }

        /** Busy ticks of all CPUs ({@code /proc/stat}: everything but idle and iowait). */
        private static double busy() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat"))
                        .getFirst()
                        .trim()
                        .split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    total += Long.parseLong(f[i]);
                }
                return total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
            } catch (Exception e) {
                return 0;
            }
        }
    }

    /** Reads the webhook process's RSS and thread count every 100 ms. */
    static final class Sampler implements Runnable {
        record Reading(long rssKb, long threads) {
            @Override
            public String toString() {
                return String.format("RSS %.1f MiB, %d threads", rssKb / 1024.0, threads);
            }
        }

        private final long pid;
        private final AtomicLong peakRss = new AtomicLong();
        private final AtomicLong peakThreads = new AtomicLong();

        Sampler(long pid) {
            this.pid = pid;
        }

        Reading now() {
            try {
                return new Reading(WebhookBench.rssKb(pid, "VmRSS"), WebhookBench.rssKb(pid, "Threads"));
            } catch (Exception e) {
                return new Reading(-1, -1);
            }
        }

        void resetPeak() {
            peakRss.set(0);
            peakThreads.set(0);
        }

        Reading peak() {
            return new Reading(peakRss.get(), peakThreads.get());
        }

        @Override
        public void run() {
            while (true) {
                Reading r = now();
                if (r.rssKb() < 0) {
                    return; // the process is gone
                }
                peakRss.accumulateAndGet(r.rssKb(), Math::max);
                peakThreads.accumulateAndGet(r.threads(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}

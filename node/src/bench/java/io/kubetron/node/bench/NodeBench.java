package io.kubetron.node.bench;

import io.kubetron.emulation.kubelet.PodAllocation;
import io.kubetron.node.bench.BenchEnv.PodCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node agent's benchmark (issue 6), all in one run on a lab of its own: network-ready latency of a Pod with two
 * networks (sequential, against a raw-script floor and the original project's attach sequence measured in the same
 * run), a burst of Pods created at once, and the agent's resident memory with 100 Pods in a JVM of its own.
 *
 * <p>Arguments ({@code key=value}, all optional): {@code pods=30} sequential samples per method, {@code warmup=3}
 * rounds not counted, {@code burst=50} Pods in the burst, {@code rssPods=100}, {@code settle=150} seconds of RSS
 * sampling after the last Pod is ready (the default resync is 60 s), {@code phases=seq,burst,rss}, {@code lab=nbench},
 * {@code small=-Xmx128m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1;-Xms16m,-Xmx128m,...} (JVM option sets measured
 * beside the defaults: sets separated by semicolons, options by commas), {@code nmt=false} (diagnosis: adds Native
 * Memory Tracking and prints its summary; not for the reported figures).
 */
public final class NodeBench {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BURST_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RSS_TIMEOUT = Duration.ofSeconds(300);
    private static final int BURST_THREADS = 4;

    /** How one Pod is plumbed in the sequential phase, and the parts of its time that are reported. */
    enum Method {
        FLOOR("floor: raw script (veth, ovs-vsctl, ovn-installed, udhcpc)"),
        ORIGINAL(
                "original attach-pod, no sleeps (internal port)",
                "  of which attach steps (to iface-id)",
                "  of which DHCP, both interfaces at once"),
        AGENT("agent, sandbox right after the Pod", PLUMBING, REST),
        AGENT_PRESTART(
                "agent, kubelet PreStartContainer at sandbox",
                PLUMBING,
                REST,
                "  PreStartContainer returned (container may start)"),
        AGENT_LATE("agent, sandbox 1-3 s after the Pod", PLUMBING, REST);

        final String label;
        final List<String> parts;

        Method(String label, String... parts) {
            this.label = label;
            this.parts = List.of(parts);
        }
    }

    private static final String PLUMBING = "  of which plumbing (agent's attach metric, 2 ifs)";
    private static final String REST = "  rest: sandbox lookup wait, checks, API writes";

    /** One sample: total (ms, NaN when it never finished), its reported parts (NaN when unknown), whether it worked. */
    record Sample(double totalMs, double[] parts, boolean ok, String error) {}

    private final BenchEnv env;
    private final Map<String, String> opt;
    private final AtomicInteger seq = new AtomicInteger();
    private final Random random = new Random(6);
    private final List<String> table = new ArrayList<>();
    private InProcessAgent agent;
    /** The agent's Pods of the sequential phase, for their Warning Events. */
    private final List<String> sequentialPods = new ArrayList<>();

    private NodeBench(BenchEnv env, Map<String, String> opt) {
        this.env = env;
        this.opt = opt;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of(
                "pods",
                "30",
                "warmup",
                "3",
                "burst",
                "50",
                "rssPods",
                "100",
                "settle",
                "150",
                "phases",
                "seq,burst,rss",
                "lab",
                "nbench",
                "small",
                "-Xmx128m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1;-Xms16m,-Xmx128m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1",
                "nmt",
                "false"));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1 || !opt.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + a + " (known: " + opt.keySet() + ")");
            }
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        System.out.printf(
                "node agent benchmark %s: JDK %s, %d cores, load average %s%n",
                opt, Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.println("starting lab " + opt.get("lab") + " and the mock API server...");
        long t = System.nanoTime();
        try (BenchEnv env = BenchEnv.start(opt.get("lab"))) {
            System.out.printf(
                    "lab up in %.1f s (datapath %s)%n", (System.nanoTime() - t) / 1e9, env.lab.datapathType());
            new NodeBench(env, opt).run();
        }
        System.out.println("load average at the end: " + loadAverage());
    }

    private void run() throws Exception {
        List<String> phases = List.of(opt.get("phases").split(","));
        try {
            if (phases.contains("seq") || phases.contains("burst")) {
                agent = InProcessAgent.start(env);
                try {
                    if (phases.contains("seq")) {
                        sequential(Integer.parseInt(opt.get("pods")), Integer.parseInt(opt.get("warmup")));
                    }
                    if (phases.contains("burst")) {
                        burst(Integer.parseInt(opt.get("burst")));
                    }
                } finally {
                    agent.close();
                    agent = null;
                    env.removeAgentLeftovers();
                }
            }
            if (phases.contains("rss")) {
                rss(Integer.parseInt(opt.get("rssPods")), Integer.parseInt(opt.get("settle")));
            }
        } finally {
            System.out.println();
            System.out.println("================================ results ================================");
            table.forEach(System.out::println);
        }
    }

    // ------------------------------------------------------------------ sequential latency

    private void sequential(int n, int warmup) {
        System.out.printf(
                "%nsequential: one Pod with 2 networks at a time, %d samples per method after %d warm-up "
                        + "rounds; methods interleaved, order rotated each round%n",
                n, warmup);
        Map<Method, List<Sample>> samples = new EnumMap<>(Method.class);
        for (Method m : Method.values()) {
            samples.put(m, new ArrayList<>());
        }
        List<Method> methods = List.of(Method.values());
        for (int round = -warmup; round < n; round++) {
            List<Method> order = new ArrayList<>(methods);
            Collections.rotate(order, Math.floorMod(round, methods.size()));
            StringBuilder line = new StringBuilder(String.format("  round %3d:", round));
            for (Method m : order) {
                Sample s = switch (m) {
                    case FLOOR -> floor();
                    case ORIGINAL -> original();
                    default -> agentPod(m);
                };
                if (round >= 0) {
                    samples.get(m).add(s);
                }
                line.append(String.format(
                        " %s %.0f%s", m.name().toLowerCase(Locale.ROOT), s.totalMs(), s.ok() ? "" : "(FAILED)"));
                if (!s.ok()) {
                    System.out.println("    " + m + " failed: " + s.error());
                }
            }
            System.out.println(line);
        }
        double floorP50 = Stats.of(
                        samples.get(Method.FLOOR).stream().map(Sample::totalMs).toList())
                .p50();
        double floorP99 = Stats.of(
                        samples.get(Method.FLOOR).stream().map(Sample::totalMs).toList())
                .p99();
        table.add(String.format(
                "Network-ready latency, 1 Pod x 2 networks, sequential, %d samples each (ms; from "
                        + "sandbox started to ready)",
                n));
        table.add(String.format(
                "  %-58s %8s %8s %8s %8s %8s %9s %9s %5s",
                "method", "p50", "p99", "mean", "min", "max", "p50/floor", "p99/floor", "fail"));
        for (Method m : Method.values()) {
            List<Sample> list = samples.get(m);
            long fails = list.stream().filter(s -> !s.ok()).count();
            Stats total = Stats.of(list.stream().map(Sample::totalMs).toList());
            table.add(row(m.label, total, floorP50, floorP99, fails));
            for (int i = 0; i < m.parts.size(); i++) {
                int part = i;
                table.add(row(
                        m.parts.get(i),
                        Stats.of(list.stream().map(s -> s.parts()[part]).toList()),
                        floorP50,
                        floorP99,
                        -1));
            }
        }
        List<String> warnings = env.warnings(sequentialPods);
        table.add(String.format(
                "  Warning Events on the agent's %d Pods (warm-up included): %d",
                sequentialPods.size(), warnings.size()));
        warnings.stream().limit(3).forEach(w -> table.add("    warning: " + w));
        table.add("");
    }

    private static String row(String label, Stats s, double floorP50, double floorP99, long fails) {
        return String.format(
                "  %-58s %8.1f %8.1f %8.1f %8.1f %8.1f %9.2f %9.2f %5s",
                label,
                s.p50(),
                s.p99(),
                s.mean(),
                s.min(),
                s.max(),
                s.p50() / floorP50,
                s.p99() / floorP99,
                fails < 0 ? "" : fails);
    }

    private Sample floor() {
        return raw(
                "f",
                env.raw::floor,
                r -> new double[0],
                c -> c.ports.stream().map(RawPlumbing::floorHostIf).toList());
    }

    private Sample original() {
        return raw(
                "o",
                env.raw::original,
                r -> new double[] {r.attachMs(), r.dhcpMs()},
                c -> c.ports.stream().map(p -> p.name()).toList());
    }

    /** One sample of a shell method: sandbox, the timed script, the address check, then its host ports removed. */
    private Sample raw(
            String prefix,
            java.util.function.BiFunction<Long, List<io.kubetron.backend.BackendPort>, RawPlumbing.Run> script,
            java.util.function.Function<RawPlumbing.Run, double[]> parts,
            java.util.function.Function<PodCase, List<String>> hostIfs) {
        PodCase c = env.newCase(prefix + seq.incrementAndGet());
        try {
            env.startSandbox(c);
            long t0 = System.nanoTime();
            RawPlumbing.Run r = script.apply(c.sandbox.pid(), c.ports);
            double ms = ms(System.nanoTime() - t0);
            boolean ok = r.ok() && env.addressed(c);
            return new Sample(ms, parts.apply(r), ok, ok ? null : r.output());
        } finally {
            env.endRawPods(List.of(c), hostIfs.apply(c));
            env.sync();
        }
    }

    private Sample agentPod(Method m) {
        String prefix = switch (m) {
            case AGENT -> "a";
            case AGENT_PRESTART -> "p";
            default -> "l";
        };
        PodCase c = env.newCase(prefix + seq.incrementAndGet());
        sequentialPods.add(c.name);
        PodAllocation alloc = null;
        try {
            CompletableFuture<Long> ready = env.watch.readyAt(c.name);
            double[] m0 = agent.attachSumCount();
            env.createPod(c);
            if (m == Method.AGENT_PRESTART) {
                // the kubelet admits the Pod (Allocate) before its sandbox exists
                alloc = agent.kubelet.admit(c.uid, BenchEnv.NAMESPACE, c.name, "app", InProcessAgent.MAIN, 1);
            } else if (m == Method.AGENT_LATE) {
                BenchEnv.sleep(1000 + random.nextInt(2001));
            }
            env.startSandbox(c);
            long t0 = System.nanoTime();
            String error = null;
            double pre = Double.NaN;
            if (alloc != null) {
                try {
                    agent.kubelet.startContainer(alloc);
                } catch (RuntimeException e) {
                    error = "PreStartContainer failed: " + e.getMessage();
                }
                pre = ms(System.nanoTime() - t0);
            }
            Long t1 = null;
            try {
                t1 = ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                error = "networks-ready not True within " + READY_TIMEOUT.toSeconds() + " s; warnings: "
                        + env.warnings(List.of(c.name));
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
            boolean ok = error == null && env.addressed(c);
            if (error == null && !ok) {
                error = "ready, but the interfaces do not hold the ports' addresses";
            }
            double[] m1 = agent.attachSumCount();
            double plumb = m1[1] - m0[1] == c.ports.size() ? (m1[0] - m0[0]) * 1000 : Double.NaN;
            double total = t1 == null ? Double.NaN : ms(t1 - t0);
            return new Sample(total, new double[] {plumb, total - plumb, pre}, ok, error);
        } finally {
            env.endAgentPods(List.of(c), Duration.ofSeconds(30));
            if (alloc != null) {
                agent.kubelet.release(c.uid);
            }
            env.sync();
        }
    }

    // ------------------------------------------------------------------ burst

    private void burst(int n) throws Exception {
        System.out.printf(
                "%nburst: %d Pods x 2 networks at once (%d threads create the Pods and start the "
                        + "sandboxes), agent with default concurrency%n",
                n, BURST_THREADS);
        env.clearEvents();
        BurstResult poll = burstAgent(n, false);
        env.clearEvents();
        BurstResult pre = burstAgent(n, true);
        env.clearEvents();
        BurstResult floor = burstFloor(n);
        table.add(String.format("Burst, %d Pods x 2 networks created at once (s; from the first Pod created)", n));
        table.add(String.format(
                "  %-58s %8s %12s %10s %10s %9s %9s %9s",
                "method", "total", "sandboxes", "p50 Pod", "p99 Pod", "/floor", "not ready", "warnings"));
        for (BurstResult r : List.of(floor, poll, pre)) {
            table.add(String.format(
                    "  %-58s %8.2f %12.2f %10.2f %10.2f %9.2f %9d %9d",
                    r.label,
                    r.totalS,
                    r.sandboxesS,
                    r.pod.p50() / 1000,
                    r.pod.p99() / 1000,
                    r.totalS / floor.totalS,
                    r.notReady,
                    r.warnings.size()));
            if (r.note != null) {
                table.add("    " + r.note);
            }
            r.warnings.stream().limit(3).forEach(w -> table.add("    warning: " + w));
        }
        table.add("");
    }

    /** A burst's outcome; {@code pod} is per-Pod latency (ms) from its sandbox to ready. */
    record BurstResult(
            String label,
            double totalS,
            double sandboxesS,
            Stats pod,
            int notReady,
            List<String> warnings,
            String note) {}

    private BurstResult burstAgent(int n, boolean preStart) throws Exception {
        String label = preStart ? "agent + kubelet PreStartContainer per Pod" : "agent (sandbox found by its retry)";
        List<PodCase> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cases.add(env.newCase((preStart ? "bp" : "ba") + seq.incrementAndGet()));
        }
        Map<String, CompletableFuture<Long>> ready = new LinkedHashMap<>();
        cases.forEach(c -> ready.put(c.name, env.watch.readyAt(c.name)));
        Map<String, Long> sandboxAt = new ConcurrentHashMap<>();
        List<CompletableFuture<String>> preStarts = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(BURST_THREADS);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> started = new ArrayList<>();
            for (PodCase c : cases) {
                started.add(pool.submit(() -> {
                    env.createPod(c);
                    PodAllocation a = preStart
                            ? agent.kubelet.admit(c.uid, BenchEnv.NAMESPACE, c.name, "app", InProcessAgent.MAIN, 1)
                            : null;
                    env.startSandbox(c);
                    sandboxAt.put(c.name, System.nanoTime());
                    if (a != null) {
                        // the kubelet's pod workers run in parallel: each blocks in its own PreStartContainer
                        CompletableFuture<String> f = new CompletableFuture<>();
                        preStarts.add(f);
                        Thread.ofVirtual().start(() -> {
                            try {
                                agent.kubelet.startContainer(a);
                                f.complete(null);
                            } catch (RuntimeException e) {
                                f.complete(c.name + ": " + e.getMessage());
                            }
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : started) {
                f.get();
            }
            double sandboxesS = (System.nanoTime() - t0) / 1e9;
            long deadline = t0 + BURST_TIMEOUT.toNanos();
            long last = 0;
            int notReady = 0;
            List<Double> perPod = new ArrayList<>();
            for (PodCase c : cases) {
                try {
                    long t = ready.get(c.name).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    last = Math.max(last, t);
                    perPod.add(ms(t - sandboxAt.get(c.name)));
                } catch (TimeoutException e) {
                    notReady++;
                }
            }
            int unaddressed = 0;
            for (PodCase c : cases) {
                if (ready.get(c.name).isDone() && !env.addressed(c)) {
                    unaddressed++;
                }
            }
            String note = null;
            if (preStart) {
                List<String> failed = new ArrayList<>();
                for (CompletableFuture<String> f : List.copyOf(preStarts)) {
                    String e = f.get(40, TimeUnit.SECONDS);
                    if (e != null) {
                        failed.add(e);
                    }
                }
                note = "PreStartContainer calls failed: " + failed.size()
                        + (failed.isEmpty() ? "" : " (first: " + failed.getFirst() + ")");
            }
            if (unaddressed > 0) {
                note = (note == null ? "" : note + "; ") + unaddressed + " ready Pods lacked an address";
            }
            List<String> warnings = env.warnings(cases.stream().map(c -> c.name).toList());
            double totalS = notReady > 0 ? Double.NaN : (last - t0) / 1e9;
            System.out.printf(
                    "  %s: all ready after %.2f s (sandboxes all started after %.2f s), not ready %d, "
                            + "warnings %d%s%n",
                    label, totalS, sandboxesS, notReady, warnings.size(), note == null ? "" : ", " + note);
            return new BurstResult(label, totalS, sandboxesS, Stats.of(perPod), notReady, warnings, note);
        } finally {
            pool.shutdownNow();
            env.endAgentPods(cases, Duration.ofSeconds(120));
            if (preStart) {
                cases.forEach(c -> agent.kubelet.release(c.uid));
            }
            env.sync();
        }
    }

    /** The same Pods by the floor script: sandboxes started by 4 threads, scripts run 4 at a time. */
    private BurstResult burstFloor(int n) throws Exception {
        List<PodCase> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cases.add(env.newCase("bf" + seq.incrementAndGet()));
        }
        ExecutorService starters = Executors.newFixedThreadPool(BURST_THREADS);
        ExecutorService workers = Executors.newFixedThreadPool(4);
        Map<String, Long> sandboxAt = new ConcurrentHashMap<>();
        Map<String, Long> doneAt = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        try {
            List<Future<Future<?>>> started = new ArrayList<>();
            for (PodCase c : cases) {
                started.add(starters.submit(() -> {
                    env.startSandbox(c);
                    sandboxAt.put(c.name, System.nanoTime());
                    return workers.submit(() -> {
                        RawPlumbing.Run r = env.raw.floor(c.sandbox.pid(), c.ports);
                        doneAt.put(c.name, System.nanoTime());
                        if (!r.ok()) {
                            failed.incrementAndGet();
                            System.out.println("    floor failed for " + c.name + ": " + r.output());
                        }
                    });
                }));
            }
            List<Future<?>> plumbed = new ArrayList<>();
            for (Future<Future<?>> f : started) {
                plumbed.add(f.get());
            }
            double sandboxesS = (System.nanoTime() - t0) / 1e9;
            for (Future<?> f : plumbed) {
                f.get();
            }
            long last =
                    doneAt.values().stream().mapToLong(Long::longValue).max().orElse(t0);
            int unaddressed =
                    (int) cases.stream().filter(c -> !env.addressed(c)).count();
            List<Double> perPod = cases.stream()
                    .map(c -> ms(doneAt.get(c.name) - sandboxAt.get(c.name)))
                    .toList();
            String label = "floor: raw scripts, 4 at a time";
            System.out.printf(
                    "  %s: all done after %.2f s, failed %d, unaddressed %d%n",
                    label, (last - t0) / 1e9, failed.get(), unaddressed);
            return new BurstResult(
                    label,
                    (last - t0) / 1e9,
                    sandboxesS,
                    Stats.of(perPod),
                    unaddressed,
                    List.of(),
                    failed.get() > 0 ? failed.get() + " scripts failed" : null);
        } finally {
            starters.shutdownNow();
            workers.shutdownNow();
            workers.awaitTermination(60, TimeUnit.SECONDS);
            List<String> hostIfs = new ArrayList<>();
            cases.forEach(c -> c.ports.forEach(p -> hostIfs.add(RawPlumbing.floorHostIf(p))));
            env.endRawPods(cases, hostIfs);
            env.sync();
        }
    }

    // ------------------------------------------------------------------ RSS

    private void rss(int n, int settleS) throws Exception {
        List<List<String>> configs = new ArrayList<>();
        configs.add(List.of());
        for (String c : opt.get("small").split(";")) {
            configs.add(List.of(c.split(",")));
        }
        System.out.printf(
                "%nRSS: the agent in its own JVM, %d Pods x 2 networks, then %d s of sampling (default "
                        + "resync 60 s)%n",
                n, settleS);
        table.add(String.format("Agent RSS, own JVM, %d Pods x 2 networks (MiB; VmRSS from /proc/PID/status)", n));
        table.add(String.format(
                "  %-58s %8s %8s %8s %8s %10s %9s %9s",
                "JVM options", "idle", "settled", "max", "VmHWM", "plumb (s)", "not ready", "warnings"));
        for (List<String> jvm : configs) {
            table.add(rssRun(n, settleS, jvm));
        }
        table.add("");
    }

    private String rssRun(int n, int settleS, List<String> jvmOpts) throws Exception {
        String label = jvmOpts.isEmpty() ? "(defaults)" : String.join(" ", jvmOpts);
        System.out.println("  JVM options " + label + ": " + ergonomics(jvmOpts));
        Path dir = env.dir.resolve("rss-" + seq.incrementAndGet());
        Files.createDirectories(dir);
        Path log = dir.resolve("agent.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOpts);
        if (Boolean.parseBoolean(opt.get("nmt"))) {
            cmd.add("-XX:NativeMemoryTracking=summary");
        }
        // not memory options: netty's native epoll would warn without the first
        cmd.addAll(List.of(
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                io.kubetron.node.agent.AgentProcess.class.getName(),
                env.masterUrl()));
        env.agentSettings(dir).forEach((k, v) -> cmd.add(k + "=" + v));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        env.register(p);
        List<PodCase> cases = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.readString(log).contains("node agent in sync with the API")) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the agent did not start: " + Files.readString(log));
                }
                BenchEnv.sleep(100);
            }
            BenchEnv.sleep(5000);
            long idle = BenchEnv.memory(p.pid())[0];
            for (int i = 0; i < n; i++) {
                cases.add(env.newCase("m" + seq.incrementAndGet()));
            }
            Map<String, CompletableFuture<Long>> ready = new LinkedHashMap<>();
            cases.forEach(c -> ready.put(c.name, env.watch.readyAt(c.name)));
            ExecutorService pool = Executors.newFixedThreadPool(BURST_THREADS);
            long t0 = System.nanoTime();
            try {
                List<Future<?>> started = new ArrayList<>();
                for (PodCase c : cases) {
                    started.add(pool.submit(() -> {
                        env.createPod(c);
                        env.startSandbox(c);
                        return null;
                    }));
                }
                for (Future<?> f : started) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long until = t0 + RSS_TIMEOUT.toNanos();
            long last = t0;
            int notReady = 0;
            for (PodCase c : cases) {
                try {
                    last = Math.max(
                            last, ready.get(c.name).get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    notReady++;
                }
            }
            double plumbS = (last - t0) / 1e9;
            long max = 0;
            long settled = 0;
            long settleEnd = System.nanoTime() + Duration.ofSeconds(settleS).toNanos();
            while (System.nanoTime() < settleEnd) {
                BenchEnv.sleep(2000);
                settled = BenchEnv.memory(p.pid())[0];
                max = Math.max(max, settled);
            }
            long hwm = BenchEnv.memory(p.pid())[1];
            if (Boolean.parseBoolean(opt.get("nmt"))) {
                nmt(p.pid());
            }
            List<String> warnings = env.warnings(cases.stream().map(c -> c.name).toList());
            if (!p.isAlive()) {
                throw new IllegalStateException("the agent died: " + Files.readString(log));
            }
            System.out.printf(
                    "    idle %.0f MiB, %d Pods ready after %.1f s (not ready %d), after %d s: %.0f MiB "
                            + "(max %.0f, VmHWM %.0f), warnings %d%n",
                    idle / 1024.0,
                    n - notReady,
                    plumbS,
                    notReady,
                    settleS,
                    settled / 1024.0,
                    max / 1024.0,
                    hwm / 1024.0,
                    warnings.size());
            return String.format(
                    "  %-58s %8.0f %8.0f %8.0f %8.0f %10.1f %9d %9d",
                    label,
                    idle / 1024.0,
                    settled / 1024.0,
                    max / 1024.0,
                    hwm / 1024.0,
                    plumbS,
                    notReady,
                    warnings.size());
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            for (PodCase c : cases) {
                env.client
                        .pods()
                        .inNamespace(BenchEnv.NAMESPACE)
                        .withName(c.name)
                        .delete();
            }
            cases.forEach(env::closeSandbox);
            env.removeAgentLeftovers();
            env.endRawPods(cases, List.of());
            env.clearEvents();
            env.sync();
        }
    }

    /** Diagnosis only (nmt=true; tracking costs memory itself): committed memory by NMT category. */
    private static void nmt(long pid) throws IOException, InterruptedException {
        Process j = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(pid),
                        "VM.native_memory",
                        "summary",
                        "scale=MB")
                .redirectErrorStream(true)
                .start();
        String out = new String(j.getInputStream().readAllBytes());
        j.waitFor();
        for (String line : out.split("\n")) {
            if (line.matches("\\s*(Total:.*|-\\s+\\S.*\\(reserved=.*)")) {
                System.out.println("      nmt " + line.strip());
            }
        }
    }

    /** The heap and collector the JVM picks with these options on this machine. */
    private static String ergonomics(List<String> jvmOpts) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOpts);
        cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        StringBuilder b = new StringBuilder();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && List.of("MaxHeapSize", "InitialHeapSize").contains(f[1])) {
                b.append(f[1])
                        .append('=')
                        .append(Long.parseLong(f[3]) / (1024 * 1024))
                        .append("MiB ");
            } else if (f.length >= 4
                    && List.of("UseG1GC", "UseSerialGC", "UseParallelGC").contains(f[1])
                    && f[3].equals("true")) {
                b.append(f[1]).append(' ');
            }
        }
        return b.toString().strip();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}

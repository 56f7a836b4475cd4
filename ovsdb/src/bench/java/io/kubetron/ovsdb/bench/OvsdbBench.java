package io.kubetron.ovsdb.bench;

import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.TransactResult;
import io.kubetron.ovsdb.data.Ref;
import io.kubetron.ovsdb.nb.NbOps;
import io.kubetron.ovsdb.ops.Operation;
import io.kubetron.ovsdb.testsupport.OvsdbServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Inserting 1,000 Logical_Switch_Ports with our client versus ovn-nbctl, and the round trip of a trivial transaction
 * versus the {@code ovsdb-client transact} process floor. Not a test: run it with {@code ovsdb/bench/run.sh}.
 */
public final class OvsdbBench {
    private static final int PORTS = 1000;
    private static final int REPS = Integer.getInteger("bench.reps", 5);
    private static final int NBCTL_REPS = Integer.getInteger("bench.nbctlReps", 3);

    private final OvsdbServer server;
    private final OvsdbClient client;
    private int run;

    private OvsdbBench(OvsdbServer server, OvsdbClient client) {
        this.server = server;
        this.client = client;
    }

    public static void main(String[] args) throws Exception {
        try (OvsdbServer server = OvsdbServer.startNb();
                OvsdbClient client = OvsdbClient.connect(server.unix())) {
            new OvsdbBench(server, client).runAll();
        }
    }

    private interface Body {
        void run(UUID sw, String sn) throws Exception;
    }

    /** Median wall time in ms of {@code reps} runs, each into a fresh empty switch that is deleted afterwards. */
    private double median(int reps, Body body) throws Exception {
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            String sn = "sw" + (run++);
            UUID sw = client.transact(NbOps.DB, NbOps.insertLogicalSwitch("ls", sn, Set.of(), Map.of()))
                    .uuid("ls");
            long t0 = System.nanoTime();
            body.run(sw, sn);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            int ports = client.transact(
                            NbOps.DB,
                            Operation.select(
                                    "Logical_Switch",
                                    List.of(io.kubetron.ovsdb.ops.Condition.uuid(sw)),
                                    List.of("ports")))
                    .get(0)
                    .rows()
                    .get(0)
                    .uuidSet("ports")
                    .size();
            if (ports != PORTS) {
                throw new IllegalStateException(sn + " has " + ports + " ports, expected " + PORTS);
            }
            client.transact(NbOps.DB, NbOps.deleteLogicalSwitch(sw));
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }

    private static Operation port(String uuidName, String name) {
        return NbOps.insertLogicalSwitchPort(uuidName, name, List.of("dynamic"), null, Map.of());
    }

    private void runAll() throws Exception {
        // warm-up: JIT and server caches
        median(2, (sw, sn) -> oneTransaction(sw, sn));

        double oneTx = median(REPS, this::oneTransaction);
        double seq = median(REPS, (sw, sn) -> {
            for (int i = 0; i < PORTS; i++) {
                client.transact(NbOps.DB, port("p", sn + "-p" + i), NbOps.addSwitchPorts(sw, Set.of(Ref.named("p"))));
            }
        });
        double pipelined = median(REPS, (sw, sn) -> {
            List<CompletableFuture<TransactResult>> fs = new ArrayList<>();
            for (int i = 0; i < PORTS; i++) {
                fs.add(client.transactAsync(
                                NbOps.DB,
                                List.of(port("p", sn + "-p" + i), NbOps.addSwitchPorts(sw, Set.of(Ref.named("p")))))
                        .result());
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).join();
        });
        double nbctlEach = median(NBCTL_REPS, (sw, sn) -> {
            for (int i = 0; i < PORTS; i++) {
                server.nbctl("lsp-add", sn, sn + "-p" + i);
            }
        });
        double nbctlBatch = median(REPS, (sw, sn) -> {
            List<String> args = new ArrayList<>();
            for (int i = 0; i < PORTS; i++) {
                if (i > 0) {
                    args.add("--");
                }
                args.addAll(List.of("lsp-add", sn, sn + "-p" + i));
            }
            server.nbctl(args.toArray(String[]::new));
        });

        double rtt = roundTripMicros(2000) / 1000.0;
        double floor = processFloorMillis(21);

        System.out.printf("ovsdb benchmark, %d Logical_Switch_Ports into one switch, unix socket, medians%n", PORTS);
        System.out.printf("  (%d repetitions; ovn-nbctl one-process-per-change: %d)%n", REPS, NBCTL_REPS);
        row("a) ours, 1 transaction", oneTx);
        row("b) ours, 1000 sequential transactions", seq);
        row("b') ours, 1000 pipelined transactions", pipelined);
        row("c) ovn-nbctl, 1 process per change", nbctlEach);
        row("d) ovn-nbctl, 1 batched invocation", nbctlBatch);
        System.out.printf("  trivial transact round trip, ours:           %10.3f ms%n", rtt);
        System.out.printf("  `ovsdb-client transact` process floor:       %10.3f ms%n", floor);
        System.out.println("ratios (how many times faster ours is):");
        System.out.printf("  a) vs d) (batch vs batch):                   %8.1fx%n", nbctlBatch / oneTx);
        System.out.printf("  b) vs c) (one change at a time):             %8.1fx%n", nbctlEach / seq);
        System.out.printf("  b') vs c):                                   %8.1fx%n", nbctlEach / pipelined);
        System.out.printf("  round trip vs process floor:                 %8.1fx%n", floor / rtt);
    }

    private void oneTransaction(UUID sw, String sn) {
        List<Operation> ops = new ArrayList<>();
        Set<Ref> refs = new LinkedHashSet<>();
        for (int i = 0; i < PORTS; i++) {
            ops.add(port("p" + i, sn + "-p" + i));
            refs.add(Ref.named("p" + i));
        }
        ops.add(NbOps.addSwitchPorts(sw, refs));
        client.transact(NbOps.DB, ops);
    }

    private static void row(String what, double ms) {
        System.out.printf("  %-44s %10.1f ms%n", what + ":", ms);
    }

    private double roundTripMicros(int n) {
        List<Operation> trivial = List.of(Operation.comment("rtt"));
        for (int i = 0; i < 200; i++) {
            client.transact(NbOps.DB, trivial);
        }
        double[] us = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            client.transact(NbOps.DB, trivial);
            us[i] = (System.nanoTime() - t0) / 1e3;
        }
        Arrays.sort(us);
        return us[n / 2];
    }

    private double processFloorMillis(int n) {
        double[] ms = new double[n];
        String txn = "[\"OVN_Northbound\",{\"op\":\"comment\",\"comment\":\"rtt\"}]";
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            server.run("ovsdb-client", "transact", server.unix(), txn);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[n / 2];
    }
}

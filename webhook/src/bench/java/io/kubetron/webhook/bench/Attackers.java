package io.kubetron.webhook.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Hostile clients against one HTTPS server, each kind on virtual threads of its own, until {@link #stop()}: slowloris
 * (a header value a space a second), slow bodies (a space a second of a declared MiB), stalled handshakes (a record header and
 * nothing after), a flood of connections that say nothing, oversized bodies (declared 9 MiB, and chunked without end),
 * a heap bomb (8 MiB of empty containers) and small malformed reviews. Every kind reconnects as soon as the server
 * drops it, so the pressure stays; what the server answered is counted per kind. Thread-safe.
 */
final class Attackers {
    /** How many of each; rates are per second; 0 leaves a kind out. */
    record Plan(
            int slowloris,
            int slowBodies,
            int stalledHandshakes,
            int floodHeld,
            int floodRate,
            int oversizedRate,
            int heapBombRate,
            int malformedRate) {
        /** From the {@code bench.*} system properties, with the benchmark's defaults. */
        static Plan fromProperties() {
            return new Plan(
                    Integer.getInteger("bench.slowloris", 200),
                    Integer.getInteger("bench.slowBodies", 50),
                    Integer.getInteger("bench.stalled", 200),
                    Integer.getInteger("bench.floodHeld", 300),
                    Integer.getInteger("bench.floodRate", 200),
                    Integer.getInteger("bench.oversizedRate", 2),
                    Integer.getInteger("bench.heapBombRate", 2),
                    Integer.getInteger("bench.malformedRate", 20));
        }
    }

    /**
     * The attackers as a process of their own (so that their work does not pause the measured clients' JVM). Args:
     * {@code PORT CA_FILE}; the plan from system properties. Attacks until stdin closes, then prints what they got.
     */
    public static void main(String[] args) throws Exception {
        Attackers a = new Attackers(
                new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])),
                io.kubetron.common.tls.TlsContexts.trusting(java.nio.file.Path.of(args[1])));
        a.start(Plan.fromProperties());
        System.out.println("ATTACKING");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the benchmark is done
        }
        a.stop();
        System.out.println(a.outcomes());
        System.out.flush();
        System.exit(0);
    }

    private final InetSocketAddress server;
    private final SSLContext tls;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    Attackers(InetSocketAddress server, SSLContext tls) {
        this.server = server;
        this.tls = tls;
    }

    void start(Plan p) {
        for (int i = 0; i < p.slowloris(); i++) {
            spawn("slowloris", () -> drip("slowloris", "POST /admission HTTP/1.1\r\nHost: x\r\nX-Slow: ", " "));
        }
        for (int i = 0; i < p.slowBodies(); i++) {
            spawn(
                    "slow-body",
                    () -> drip(
                            "slow-body",
                            "POST /admission HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576"
                                    + "\r\n\r\n",
                            " "));
        }
        for (int i = 0; i < p.stalledHandshakes(); i++) {
            spawn("stalled-handshake", this::stall);
        }
        if (p.floodRate() > 0) {
            spawn("flood", () -> flood(p.floodHeld(), p.floodRate()));
        }
        if (p.oversizedRate() > 0) {
            spawn("oversized-declared", () -> paced(p.oversizedRate(), this::oversizedDeclared));
            spawn("oversized-chunked", () -> paced(p.oversizedRate(), this::oversizedChunked));
        }
        if (p.heapBombRate() > 0) {
            byte[] bomb = heapBomb();
            spawn("heap-bomb", () -> paced(p.heapBombRate(), () -> post("heap-bomb", bomb)));
        }
        if (p.malformedRate() > 0) {
            List<byte[]> bad = malformed();
            int[] next = {0};
            spawn(
                    "malformed",
                    () -> paced(p.malformedRate(), () -> post("malformed", bad.get(next[0]++ % bad.size()))));
        }
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            t.join(5000);
        }
    }

    /** Per kind, what happened: {@code slowloris 408: 120, ...}. */
    String outcomes() {
        return new TreeMap<>(outcomes).toString();
    }

    private interface Attack {
        void run() throws Exception;
    }

    private void spawn(String kind, Attack a) {
        threads.add(Thread.ofVirtual().name("attack-" + kind).start(() -> {
            while (running) {
                try {
                    a.run();
                } catch (Exception e) {
                    count(kind, e.getClass().getSimpleName());
                    pause(100);
                }
            }
        }));
    }

    private void count(String kind, String outcome) {
        outcomes.computeIfAbsent(kind + " " + outcome, k -> new LongAdder()).increment();
    }

    private SSLSocket tls() throws IOException {
        Socket raw = new Socket();
        raw.connect(server, 5000);
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, "127.0.0.1", server.getPort(), true);
        s.setSoTimeout(30_000);
        s.startHandshake();
        return s;
    }

    /** Sends {@code head}, then {@code unit} once a second until the server answers or closes. */
    private void drip(String kind, String head, String unit) throws Exception {
        try (SSLSocket s = tls()) {
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(1000);
            InputStream in = s.getInputStream();
            while (running) {
                try {
                    int b = in.read();
                    count(kind, b < 0 ? "closed" : "answered " + status(in, b));
                    return;
                } catch (java.net.SocketTimeoutException e) {
                    out.write(unit.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        }
    }

    /** A TLS record header promising a ClientHello that never comes; waits for the server to give up. */
    private void stall() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(server, 5000);
            s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
            s.setSoTimeout(1000);
            while (running) {
                try {
                    s.getInputStream().read();
                    count("stalled-handshake", "closed");
                    return;
                } catch (java.net.SocketTimeoutException e) {
                    // still open
                }
            }
        }
    }

    /** Opens {@code rate} connections a second that send nothing, keeping the last {@code held} open. */
    private void flood(int held, int rate) throws Exception {
        ArrayDeque<Socket> open = new ArrayDeque<>();
        try {
            while (running) {
                long t0 = System.nanoTime();
                for (int i = 0; i < Math.max(1, rate / 10); i++) {
                    Socket s = new Socket();
                    s.connect(server, 5000);
                    open.add(s);
                    count("flood", "opened");
                    while (open.size() > held) {
                        open.poll().close();
                    }
                }
                pause(Math.max(0, 100 - (System.nanoTime() - t0) / 1_000_000));
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    private void oversizedDeclared() throws Exception {
        try (SSLSocket s = tls()) {
            s.getOutputStream()
                    .write(("POST /admission HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                                    + (9 << 20) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            int b = in.read();
            count("oversized-declared", b < 0 ? "closed" : "answered " + status(in, b));
        }
    }

    private void oversizedChunked() throws Exception {
        try (SSLSocket s = tls()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /admission HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 200 && running; i++) { // 12.5 MiB at most
                    out.write(chunk);
                }
                out.flush();
            } catch (IOException e) {
                // the server stopped reading
            }
            InputStream in = s.getInputStream();
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                b = -1;
            }
            count("oversized-chunked", b < 0 ? "closed" : "answered " + status(in, b));
        }
    }

    /** POSTs {@code body} on a new connection and counts the status. */
    private void post(String kind, byte[] body) throws Exception {
        try (SSLSocket s = tls()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /admission HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            int b = in.read();
            count(kind, b < 0 ? "closed" : "answered " + status(in, b));
        }
    }

    /** The status code of a response whose first byte {@code b} was read. */
    private static String status(InputStream in, int b) throws IOException {
        byte[] rest = in.readNBytes(11);
        String line = (char) b + new String(rest, StandardCharsets.US_ASCII);
        return line.length() >= 12 ? line.substring(9, 12) : line;
    }

    private void paced(int perSecond, Attack a) throws Exception {
        long t0 = System.nanoTime();
        a.run();
        pause(Math.max(0, 1000 / Math.max(1, perSecond) - (System.nanoTime() - t0) / 1_000_000));
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] heapBomb() {
        StringBuilder b = new StringBuilder(8 << 20);
        b.append("{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"u\","
                + "\"operation\":\"CREATE\",\"resource\":{\"resource\":\"pods\"},\"namespace\":\"bench\",\"object\":{"
                + "\"kind\":\"Pod\",\"metadata\":{\"name\":\"bomb\"},\"spec\":{\"containers\":[{}");
        while (b.length() < (8 << 20) - 100) {
            b.append(",{}");
        }
        return b.append("]}}}}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static List<byte[]> malformed() {
        String head = "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":";
        return List.of(
                "{\"kind\":\"AdmissionReview\",\"request\":{\"uid\":".getBytes(StandardCharsets.US_ASCII),
                "[".repeat(100_000).getBytes(StandardCharsets.US_ASCII),
                (head + "{\"uid\":5}}").getBytes(StandardCharsets.US_ASCII),
                (head + "{\"uid\":\"a\",\"uid\":\"b\"}}").getBytes(StandardCharsets.US_ASCII),
                (head + "{\"uid\":\"a\",\"object\":{\"kind\":\"Pod\",\"x\":" + "{\"x\":".repeat(200) + "1"
                                + "}".repeat(200) + "}}}")
                        .getBytes(StandardCharsets.US_ASCII),
                (head + "{\"uid\":\"a\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"annotations\":{\"a\":\""
                                + "a".repeat(3 << 20) + "\"}}}}}")
                        .getBytes(StandardCharsets.US_ASCII),
                (head + "{\"uid\":\"a\",\"object\":{\"kind\":\"Pod\",\"spec\":{\"terminationGracePeriodSeconds\":"
                                + "9".repeat(100) + "}}}}")
                        .getBytes(StandardCharsets.US_ASCII),
                (head + "{\"uid\":\"a\",\"object\":{\"kind\":\"Pod\",\"spec\":{\"containers\":{}}}}}")
                        .getBytes(StandardCharsets.US_ASCII));
    }
}

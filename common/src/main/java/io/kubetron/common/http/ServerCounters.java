package io.kubetron.common.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * What a {@link ProbeServer} refused and why, for {@code /metrics}: connections closed by a limit, requests answered
 * with an error before any route saw them. Thread-safe.
 */
final class ServerCounters implements MetricsSource {
    /** Why the server closed a connection itself. */
    enum Closed {
        REFUSED,
        EVICTED,
        TLS_FAILED,
        TLS_TIMEOUT,
        HEADER_TIMEOUT,
        BODY_TIMEOUT,
        IDLE,
        RESPONSE_TIMEOUT
    }

    private final Map<Closed, LongAdder> closed = new ConcurrentSkipListMap<>();
    private final Map<Integer, LongAdder> refused = new ConcurrentSkipListMap<>();
    private final IntSupplier open;

    ServerCounters(IntSupplier open) {
        this.open = open;
        for (Closed c : Closed.values()) {
            closed.put(c, new LongAdder());
        }
    }

    void closed(Closed why) {
        closed.get(why).increment();
    }

    void refused(int status) {
        refused.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    long closedCount(Closed why) {
        return closed.get(why).sum();
    }

    long refusedCount(int status) {
        LongAdder a = refused.get(status);
        return a == null ? 0 : a.sum();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# HELP kubetron_http_connections Connections open.\n")
                .append("# TYPE kubetron_http_connections gauge\n")
                .append("kubetron_http_connections ")
                .append(open.getAsInt())
                .append('\n');
        b.append("# HELP kubetron_http_connections_closed_total Connections the server closed because of a limit.\n")
                .append("# TYPE kubetron_http_connections_closed_total counter\n");
        closed.forEach((why, n) -> b.append("kubetron_http_connections_closed_total{reason=\"")
                .append(why.name().toLowerCase(java.util.Locale.ROOT))
                .append("\"} ")
                .append(n.sum())
                .append('\n'));
        b.append("# HELP kubetron_http_requests_refused_total Requests answered with an error before a handler.\n")
                .append("# TYPE kubetron_http_requests_refused_total counter\n");
        refused.forEach((code, n) -> b.append("kubetron_http_requests_refused_total{code=\"")
                .append(code)
                .append("\"} ")
                .append(n.sum())
                .append('\n'));
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }
}

package io.kubetron.common.http;

import java.io.IOException;
import java.io.OutputStream;

/** Metrics in the Prometheus text format, as a component's registry writes them for {@code /metrics}. */
@FunctionalInterface
public interface MetricsSource {
    /** The Prometheus text format's content type, version 0.0.4. */
    String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    void write(OutputStream out) throws IOException;

    default String contentType() {
        return PROMETHEUS_TEXT;
    }
}

package io.kubetron.ovsdb;

import io.kubetron.ovsdb.wire.Endpoint;
import io.kubetron.ovsdb.wire.TlsOptions;
import java.time.Duration;
import java.util.List;

/**
 * How an {@link OvsdbClient} connects. Immutable; build with {@link #builder(String)}.
 *
 * @param endpoints servers to try in order (several for a clustered database)
 * @param tls PEM files for {@code ssl:} endpoints, or null
 * @param connectTimeout bound on opening a connection, the TLS handshake and the first round trip
 * @param requestTimeout how long blocking calls wait for a reply
 * @param probeInterval send an {@code echo} after this much silence and drop the connection after as much again
 *        without any message; {@link Duration#ZERO} disables probing
 * @param reconnect whether to reconnect (and resubscribe monitors) after the connection is lost
 * @param backoffInitial first delay between reconnection rounds
 * @param backoffMax cap of the exponentially growing delay
 * @param name short name used in thread names and logs
 */
public record ClientOptions(
        List<Endpoint> endpoints,
        TlsOptions tls,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration probeInterval,
        boolean reconnect,
        Duration backoffInitial,
        Duration backoffMax,
        String name) {

    public ClientOptions {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint is needed");
        }
    }

    /** Defaults: 5 s connect, 30 s requests, 5 s probes, reconnect with backoff from 100 ms to 8 s. */
    public static Builder builder(String endpoints) {
        return new Builder(Endpoint.parseList(endpoints));
    }

    /** Builder for {@link ClientOptions}. Not thread-safe. */
    public static final class Builder {
        private final List<Endpoint> endpoints;
        private TlsOptions tls;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration probeInterval = Duration.ofSeconds(5);
        private boolean reconnect = true;
        private Duration backoffInitial = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(8);
        private String name = "ovsdb";

        private Builder(List<Endpoint> endpoints) {
            this.endpoints = endpoints;
        }

        public Builder tls(TlsOptions value) {
            this.tls = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        public Builder probeInterval(Duration value) {
            this.probeInterval = value;
            return this;
        }

        public Builder reconnect(boolean value) {
            this.reconnect = value;
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(
                    endpoints,
                    tls,
                    connectTimeout,
                    requestTimeout,
                    probeInterval,
                    reconnect,
                    backoffInitial,
                    backoffMax,
                    name);
        }
    }
}

package io.kubetron.neutron;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Keystone v3 token for one user and project, fetched on first use and renewed before it expires or when a
 * service rejects it. Thread-safe: one renewal at a time, readers see the latest token.
 */
final class KeystoneSession {
    /** Renew this long before Keystone's expiry, so a request never leaves with a token about to die. */
    private static final Duration MARGIN = Duration.ofSeconds(60);
    private final NeutronAuth.KeystonePassword auth;
    private final JsonHttp http;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Token token;

    record Token(String id, Instant expiresAt, URI networkEndpoint) {
    }

    KeystoneSession(NeutronAuth.KeystonePassword auth, JsonHttp http, Clock clock) {
        this.auth = auth;
        this.http = http;
        this.clock = clock;
    }

    /** A valid token, renewed if it is missing, about to expire, or equal to {@code rejected}. */
    Token token(String rejected) {
        Token t = token;
        if (usable(t, rejected)) {
            return t;
        }
        lock.lock();
        try {
            t = token;
            if (!usable(t, rejected)) {
                t = issue();
                token = t;
            }
            return t;
        } finally {
            lock.unlock();
        }
    }

    private boolean usable(Token t, String rejected) {
        return t != null && !t.id().equals(rejected) && clock.instant().plus(MARGIN).isBefore(t.expiresAt());
    }

    private Token issue() {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        ObjectNode a = body.putObject("auth");
        ObjectNode identity = a.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", auth.username());
        user.putObject("domain").put("name", auth.userDomainName());
        user.put("password", auth.password());
        ObjectNode project = a.putObject("scope").putObject("project");
        project.put("name", auth.projectName());
        project.putObject("domain").put("name", auth.projectDomainName());

        String base = auth.authUrl().toString().replaceAll("/+$", "");
        JsonHttp.Reply r = http.send("POST", URI.create(base + "/auth/tokens"), Map.of(), body,
                "authenticate to Keystone " + base + " as " + auth.username());
        String id = r.headers().firstValue("X-Subject-Token").orElseThrow(() -> new NeutronException(
                "Keystone " + base + " issued no X-Subject-Token", r.status(), "", null));
        JsonNode t = r.body().path("token");
        Instant expires = Instant.parse(t.path("expires_at").asString());
        URI endpoint = auth.endpoint() != null ? auth.endpoint() : networkEndpoint(t.path("catalog"));
        return new Token(id, expires, endpoint);
    }

    private URI networkEndpoint(JsonNode catalog) {
        for (JsonNode service : catalog) {
            if (!"network".equals(service.path("type").asString())) {
                continue;
            }
            for (JsonNode e : service.path("endpoints")) {
                boolean region = auth.region() == null || auth.region().equals(e.path("region_id").asString())
                        || auth.region().equals(e.path("region").asString());
                if (region && "public".equals(e.path("interface").asString())) {
                    return URI.create(e.path("url").asString());
                }
            }
        }
        throw new NeutronException("Keystone's catalog has no public network endpoint"
                + (auth.region() == null ? "" : " in region " + auth.region())
                + "; set the Neutron endpoint explicitly", 0, "", null);
    }
}

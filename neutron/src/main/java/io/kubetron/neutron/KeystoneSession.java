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

    private final NeutronAuth.Keystone auth;
    private final JsonHttp http;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Token token;

    record Token(String id, Instant expiresAt, URI networkEndpoint) {}

    KeystoneSession(NeutronAuth.Keystone auth, JsonHttp http, Clock clock) {
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
        return t != null
                && !t.id().equals(rejected)
                && clock.instant().plus(MARGIN).isBefore(t.expiresAt());
    }

    private Token issue() {
        ObjectNode body = requestBody(auth);
        String base = auth.authUrl().toString().replaceAll("/+$", "");
        JsonHttp.Reply r = http.send(
                "POST",
                URI.create(base + "/auth/tokens"),
                Map.of(),
                body,
                "authenticate to Keystone " + base + " with " + auth.credential());
        String id = r.headers()
                .firstValue("X-Subject-Token")
                .orElseThrow(() ->
                        new NeutronException("Keystone " + base + " issued no X-Subject-Token", r.status(), "", null));
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
                boolean region = auth.region() == null
                        || auth.region().equals(e.path("region_id").asString())
                        || auth.region().equals(e.path("region").asString());
                if (region && auth.interfaceName().equals(e.path("interface").asString())) {
                    return URI.create(e.path("url").asString());
                }
            }
        }
        throw new NeutronException(
                "Keystone's catalog has no " + auth.interfaceName() + " network endpoint"
                        + (auth.region() == null ? "" : " in region " + auth.region())
                        + "; set the Neutron endpoint explicitly",
                0,
                "",
                null);
    }

    /** The {@code POST /v3/auth/tokens} body for the configured credential and scope. */
    static ObjectNode requestBody(NeutronAuth.Keystone auth) {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        ObjectNode a = body.putObject("auth");
        ObjectNode identity = a.putObject("identity");
        switch (auth.credential()) {
            case NeutronAuth.Password p -> {
                identity.putArray("methods").add("password");
                ObjectNode user = identity.putObject("password").putObject("user");
                putUser(user, p.userName(), p.userId(), p.userDomainName(), p.userDomainId());
                user.put("password", p.password());
            }
            case NeutronAuth.ApplicationCredential c -> {
                identity.putArray("methods").add("application_credential");
                ObjectNode ac = identity.putObject("application_credential");
                if (c.id() != null) {
                    ac.put("id", c.id());
                } else {
                    ac.put("name", c.name());
                    putUser(ac.putObject("user"), c.userName(), c.userId(), c.userDomainName(), null);
                }
                ac.put("secret", c.secret());
            }
            case NeutronAuth.Token t -> {
                identity.putArray("methods").add("token");
                identity.putObject("token").put("id", t.token());
            }
        }
        NeutronAuth.Scope s = auth.scope();
        if (s != null && !(auth.credential() instanceof NeutronAuth.ApplicationCredential)) {
            ObjectNode project = a.putObject("scope").putObject("project");
            if (s.projectId() != null) {
                project.put("id", s.projectId());
            } else {
                project.put("name", s.projectName());
                putDomain(project, s.domainName(), s.domainId());
            }
        }
        return body;
    }

    private static void putUser(ObjectNode user, String name, String id, String domainName, String domainId) {
        if (id != null) {
            user.put("id", id);
        } else {
            user.put("name", name);
            putDomain(user, domainName, domainId);
        }
    }

    private static void putDomain(ObjectNode o, String name, String id) {
        ObjectNode d = o.putObject("domain");
        if (id != null) {
            d.put("id", id);
        } else {
            d.put("name", name == null ? "Default" : name);
        }
    }
}

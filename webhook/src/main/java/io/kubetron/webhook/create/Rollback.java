package io.kubetron.webhook.create;

import io.kubetron.backend.BackendPort;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.common.log.PodContext;
import io.kubetron.common.log.PodLogger;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The ports one admission request created so far, so that a failure can delete them again: a denied Pod must leave
 * nothing behind (the original leaked every port created before the failing one). Not thread-safe; one per request.
 */
final class Rollback {
    private static final PodLogger LOG = PodLogger.of(LoggerFactory.getLogger(Rollback.class));
    private final NetworkBackend backend;
    private final String requestUid;
    private final PodContext pod;
    private final List<BackendPort> created = new ArrayList<>();

    Rollback(NetworkBackend backend, String requestUid, PodContext pod) {
        this.backend = backend;
        this.requestUid = requestUid;
        this.pod = pod;
    }

    void created(BackendPort port) {
        created.add(port);
    }

    int size() {
        return created.size();
    }

    /**
     * Deletes every port created, newest first, going on past failures.
     *
     * @return a description of each port that could not be deleted (empty when all are gone)
     */
    List<String> undo() {
        List<String> left = new ArrayList<>();
        for (int i = created.size() - 1; i >= 0; i--) {
            BackendPort p = created.get(i);
            try {
                backend.deletePort(p.id());
                LOG.info(
                        pod,
                        "rollback deleted port={} id={} network={} request={}",
                        p.name(),
                        p.id(),
                        p.networkName(),
                        requestUid);
            } catch (RuntimeException e) {
                LOG.error(
                        pod,
                        "rollback failed port={} id={} network={} request={} error=\"{}\"",
                        p.name(),
                        p.id(),
                        p.networkName(),
                        requestUid,
                        e.getMessage());
                left.add(p.name() + " (" + p.id() + "): " + e.getMessage());
            }
        }
        created.clear();
        return left;
    }
}

package io.kubetron.webhook.create;

import io.kubetron.backend.BackendException;

/**
 * The status code a denial caused by a backend failure carries: always a 4xx that says "refused". The API server
 * hands a webhook's denial code to the client, and clients read 409 as a write conflict to retry at once and 5xx as
 * an outage of the API server itself; the backend's reason is in the message. 403 when the backend refused Kubetron
 * itself (credentials, policy), 422 for everything else the Pod cannot be admitted with now (an unknown or vanished
 * network, an exhausted subnet, a backend that does not answer): a controller retries with its own backoff.
 */
final class BackendStatus {
    private BackendStatus() {}

    static int code(RuntimeException e) {
        if (e instanceof BackendException b && b.reason() == BackendException.Reason.FORBIDDEN) {
            return 403;
        }
        return 422;
    }
}

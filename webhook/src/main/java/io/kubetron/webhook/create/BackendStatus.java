package io.kubetron.webhook.create;

import io.kubetron.backend.BackendException;

/** The status code a denial caused by a backend failure carries. */
final class BackendStatus {
    private BackendStatus() {}

    static int code(RuntimeException e) {
        if (!(e instanceof BackendException b) || b.reason() == null) {
            return 500;
        }
        return switch (b.reason()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case UNAVAILABLE -> 503;
        };
    }
}

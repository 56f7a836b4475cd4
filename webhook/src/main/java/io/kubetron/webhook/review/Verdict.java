package io.kubetron.webhook.review;

import java.util.List;

/**
 * What the webhook answers to one request.
 *
 * @param allowed whether the operation may go on
 * @param code HTTP-style status code the API server shows with a denial (ignored when allowed)
 * @param message why it was denied, for the user; or a note when allowed
 * @param patch a JSONPatch (RFC 6902) document, or null for none
 * @param warnings warnings the API server relays to the client ({@code kubectl} prints them)
 * @param result the outcome as a metric label
 */
public record Verdict(boolean allowed, int code, String message, String patch, List<String> warnings, Result result) {

    /** Outcomes, as counted in the admissions metric. */
    public enum Result {
        /** Allowed unchanged: not Kubetron's business, or nothing to do. */
        ALLOWED,
        /** Allowed with a patch. */
        MUTATED,
        /** Allowed, but something could not be done now and is left to the lifecycle controller. */
        ALLOWED_WITH_ERRORS,
        /** A dry run, answered without side effects. */
        DRY_RUN,
        /** Refused. */
        DENIED
    }

    public Verdict {
        warnings = List.copyOf(warnings);
    }

    public static Verdict allow() {
        return new Verdict(true, 200, null, null, List.of(), Result.ALLOWED);
    }

    public static Verdict allowWithErrors(String note) {
        return new Verdict(true, 200, note, null, List.of(), Result.ALLOWED_WITH_ERRORS);
    }

    public static Verdict mutate(String patch) {
        return new Verdict(true, 200, null, patch, List.of(), Result.MUTATED);
    }

    public static Verdict dryRun(String patch, List<String> warnings) {
        return new Verdict(true, 200, null, patch, warnings, Result.DRY_RUN);
    }

    public static Verdict deny(int code, String message) {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("a denial needs a message");
        }
        return new Verdict(false, code, message, null, List.of(), Result.DENIED);
    }
}

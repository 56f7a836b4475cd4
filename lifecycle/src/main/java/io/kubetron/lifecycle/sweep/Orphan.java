package io.kubetron.lifecycle.sweep;

import io.kubetron.lifecycle.decision.Decision;

/**
 * A port found to be an orphan (after the live check), and what became of it.
 *
 * @param decision the confirmed decision (its reason and detail)
 * @param outcome what was done
 * @param error why it failed, when {@link Outcome#FAILED}
 */
public record Orphan(Decision decision, Outcome outcome, String error) {

    /** What was done with an orphan. */
    public enum Outcome {
        /** The port was deleted. */
        DELETED,
        /** The port was already gone when deleted (someone else was faster): success. */
        ALREADY_GONE,
        /** Dry run: the port would have been deleted. */
        WOULD_DELETE,
        /** Deleting (or confirming with the API server) failed; the next sweep tries again. */
        FAILED,
        /** Left alone because this replica stopped being the leader mid-sweep. */
        SKIPPED
    }
}

package io.kubetron.node.reconcile;

/**
 * How one reconcile of a key ended.
 *
 * @param done true when nothing is left to do until the next change; false to try again after a backoff
 * @param error what failed (null when nothing did): a retry for a Pod whose sandbox is not there yet is not an error
 */
public record Outcome(boolean done, String error) {
    public static final Outcome DONE = new Outcome(true, null);

    public static Outcome retry(String why) {
        return new Outcome(false, why);
    }

    public static Outcome failed(String error) {
        return new Outcome(false, error);
    }

    /**
     * Refused for good: nothing to retry until the Pod changes (which queues it again), and not ready (a
     * PreStartContainer waiting for it fails with {@code why}).
     */
    public static Outcome refused(String why) {
        return new Outcome(true, why);
    }

    /** Wait quietly: the precondition is not there yet (for example the Pod's sandbox). */
    public static Outcome later() {
        return new Outcome(false, null);
    }

    public boolean ok() {
        return done && error == null;
    }
}

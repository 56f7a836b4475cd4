package io.kubetron.webhook;

/** Things the handlers report beyond their verdict, for metrics; implementations are thread-safe. */
public interface AdmissionEvents {
    /** Events go nowhere (tests). */
    AdmissionEvents NONE = (operation, count) -> {};

    /**
     * Ports that could not be deleted now (rollback after a failed CREATE, or a DELETE during a backend outage) and
     * are left to the lifecycle controller.
     */
    void portsLeftBehind(String operation, int count);
}

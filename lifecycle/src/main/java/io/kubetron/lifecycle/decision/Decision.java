package io.kubetron.lifecycle.decision;

import io.kubetron.backend.BackendPort;

/**
 * The verdict on one owned port.
 *
 * @param port the port as the backend listed it
 * @param reason why; {@link Reason#action()} says keep or delete
 * @param detail one sentence for logs and the CLI, naming the Pod concerned
 * @param claimant the uid of the Pod that lists the port, when {@link Reason#CLAIMED}, else null
 */
public record Decision(BackendPort port, Reason reason, String detail, String claimant) {
    public boolean delete() {
        return reason.action() == Action.DELETE;
    }
}

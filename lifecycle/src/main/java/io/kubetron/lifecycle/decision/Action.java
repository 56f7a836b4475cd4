package io.kubetron.lifecycle.decision;

/** What to do with an owned port. */
public enum Action {
    KEEP,
    DELETE
}

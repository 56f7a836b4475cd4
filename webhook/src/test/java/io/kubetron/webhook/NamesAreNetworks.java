package io.kubetron.webhook;

import io.kubetron.webhook.select.NetworkDirectory;
import io.kubetron.webhook.select.Resolution;

/**
 * A directory for tests without a cluster: every name, in either annotation, is the backend network of that name,
 * open to every namespace.
 */
final class NamesAreNetworks {
    static final NetworkDirectory DIRECTORY =
            (request, original, ns) -> new Resolution.Ours(request.name(), "backend network " + request.name());

    private NamesAreNetworks() {}
}

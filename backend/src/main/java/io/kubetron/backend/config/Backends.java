package io.kubetron.backend.config;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.neutron.NeutronBackend;
import io.kubetron.backend.ovn.OvnBackend;
import io.kubetron.common.tls.TlsContexts;
import io.kubetron.neutron.NeutronClient;
import io.kubetron.ovsdb.ClientOptions;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.wire.TlsOptions;

/** Opens the backend the settings describe. */
public final class Backends {
    private Backends() {}

    public static NetworkBackend open(BackendSettings s) {
        return switch (s.kind()) {
            case "ovn" -> {
                ClientOptions.Builder b =
                        ClientOptions.builder(s.ovn().endpoints()).name("ovn-nb");
                if (s.ovn().privateKey() != null) {
                    b.tls(TlsOptions.of(
                            s.ovn().privateKey(), s.ovn().certificate(), s.ovn().caCert()));
                }
                yield new OvnBackend(OvsdbClient.connect(b.build()), true);
            }
            case "neutron" ->
                new NeutronBackend(new NeutronClient(
                        s.neutron().auth(),
                        s.neutron().insecure()
                                ? TlsContexts.trustingAnything()
                                : TlsContexts.trusting(s.neutron().caBundle()),
                        s.neutron().timeout(),
                        false));
            default -> throw new IllegalArgumentException("unknown backend " + s.kind());
        };
    }
}

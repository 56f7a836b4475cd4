package io.kubetron.webhook;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.lab.neutron.NeutronEndpoints;
import io.kubetron.testkit.LabExtension;
import io.kubetron.testkit.NeutronLab;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The webhook with the Neutron backend on the lab's real Neutron (ML2/OVN, HTTPS). */
@ExtendWith(LabExtension.class)
@NeutronLab
class WebhookNeutronIT extends WebhookBackendContract {
    private NeutronEndpoints neutron;

    @BeforeEach
    void lab(NeutronEndpoints n) {
        this.neutron = n;
        setUp(94);
    }

    @Override
    NetworkBackend openBackend() {
        return Backends.open(BackendSettings.fromMap(neutron.variables(), "neutron"));
    }
}

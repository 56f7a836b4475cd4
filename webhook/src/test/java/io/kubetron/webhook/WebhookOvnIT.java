package io.kubetron.webhook;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.lab.Lab;
import io.kubetron.testkit.LabExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The webhook with the OVN-direct backend on the lab's real OVN Northbound database. */
@ExtendWith(LabExtension.class)
class WebhookOvnIT extends WebhookBackendContract {
    private Lab lab;

    @BeforeEach
    void lab(Lab l) {
        this.lab = l;
        setUp(93);
    }

    @Override
    NetworkBackend openBackend() {
        return Backends.open(BackendSettings.fromMap(
                Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"));
    }
}

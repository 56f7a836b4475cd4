package io.kubetron.model.owner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnerTextTest {

    @Test
    void roundTripsEveryField() {
        PortOwner o = new PortOwner("default", "pod1", null, "6f1c-uid", "req-uid");
        String text = OwnerText.encode(o, "red");
        assertThat(text).isEqualTo("kubetron:v1 ns=default;pod=pod1;uid=6f1c-uid;req=req-uid;net=red");
        assertThat(OwnerText.decode(text)).isEqualTo(o);
    }

    @Test
    void aGenerateNameOwnerSurvives() {
        PortOwner o = new PortOwner("ns1", null, "web-", null, "r1");
        assertThat(OwnerText.decode(OwnerText.encode(o, "blue"))).isEqualTo(o);
        assertThat(o.display()).isEqualTo("ns1/web-*");
    }

    @Test
    void foreignDescriptionsAreNotOwners() {
        assertThat(OwnerText.decode("")).isNull();
        assertThat(OwnerText.decode("my port")).isNull();
        assertThat(OwnerText.decode("kubetron:v1 pod=x")).as("no namespace").isNull();
    }
}

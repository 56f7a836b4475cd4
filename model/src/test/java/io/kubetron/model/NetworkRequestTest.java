package io.kubetron.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetworkRequestTest {

    @Test
    void trimsSpacesAndKeepsTheUsersOrder() {
        assertThat(NetworkRequest.parse(" red, blue ,green", 8).networks()).containsExactly("red", "blue", "green");
    }

    @Test
    void namesEveryProblemAtOnce() {
        assertThatThrownBy(() -> NetworkRequest.parse("red,,blue,red,bad name", 8))
                .isInstanceOf(InvalidNetworkRequestException.class)
                .hasMessageContaining("item 2 is empty")
                .hasMessageContaining("'bad name' is not a valid network name")
                .hasMessageContaining("listed more than once: red");
    }

    @Test
    void refusesMoreNetworksThanAllowed() {
        assertThatThrownBy(() -> NetworkRequest.parse("a,b,c", 2))
                .hasMessageContaining("3 networks requested, at most 2 are allowed");
    }

    @Test
    void refusesAnEmptyValue() {
        assertThatThrownBy(() -> NetworkRequest.parse("  ", 8)).hasMessageContaining("item 1 is empty");
    }
}

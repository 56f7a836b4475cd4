package io.kubetron.ovsdb.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.ovsdb.data.Ref;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OperationTest {

    @Test
    void insertWithNamedUuid() {
        var op = Operation.insert("Logical_Switch", Map.of("ports", List.of(Ref.named("p1"))), "ls");
        assertThat(op.toJson().toString())
                .isEqualTo("{\"op\":\"insert\",\"table\":\"Logical_Switch\",\"row\":"
                        + "{\"ports\":[\"set\",[[\"named-uuid\",\"p1\"]]]},\"uuid-name\":\"ls\"}");
    }

    @Test
    void mutateAndWhere() {
        UUID u = UUID.fromString("00000000-0000-0000-0000-000000000001");
        var op = Operation.mutate(
                "Logical_Switch",
                List.of(Condition.uuid(u)),
                List.of(Mutation.insert("ports", List.of(Ref.named("p")))));
        assertThat(op.toJson().toString())
                .isEqualTo("{\"op\":\"mutate\",\"table\":\"Logical_Switch\",\"where\":"
                        + "[[\"_uuid\",\"==\",[\"uuid\",\"" + u + "\"]]],\"mutations\":[[\"ports\",\"insert\",[\"set\","
                        + "[[\"named-uuid\",\"p\"]]]]]}");
    }

    @Test
    void waitCommentAbortDeleteSelect() {
        assertThat(Operation.wait("T", 100, List.of(), List.of("name"), "==", List.of(Map.of("name", "x")))
                        .toJson()
                        .toString())
                .isEqualTo("{\"op\":\"wait\",\"table\":\"T\",\"timeout\":100,\"where\":[],"
                        + "\"columns\":[\"name\"],\"until\":\"==\",\"rows\":[{\"name\":\"x\"}]}");
        assertThat(Operation.comment("hi").toJson().toString()).isEqualTo("{\"op\":\"comment\",\"comment\":\"hi\"}");
        assertThat(Operation.abort().toJson().toString()).isEqualTo("{\"op\":\"abort\"}");
        assertThat(Operation.delete("T", List.of(Condition.eq("name", "x")))
                        .toJson()
                        .toString())
                .isEqualTo("{\"op\":\"delete\",\"table\":\"T\",\"where\":[[\"name\",\"==\",\"x\"]]}");
        assertThat(Operation.select("T", List.of(), List.of()).toJson().toString())
                .isEqualTo("{\"op\":\"select\",\"table\":\"T\",\"where\":[]}");
    }
}

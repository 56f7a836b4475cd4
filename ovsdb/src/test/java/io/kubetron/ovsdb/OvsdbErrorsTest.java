package io.kubetron.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.ovsdb.data.Row;
import io.kubetron.ovsdb.ops.Condition;
import io.kubetron.ovsdb.ops.Operation;
import io.kubetron.ovsdb.schema.DatabaseSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OvsdbErrorsTest {
    private static final JsonMapper M = JsonMapper.builder().build();

    private static JsonNode json(String s) {
        return M.readTree(s);
    }

    @Test
    void mapsServerErrorTags() {
        assertThat(OvsdbErrors.of("constraint violation", "d")).isInstanceOf(ConstraintViolationException.class);
        assertThat(OvsdbErrors.of("referential integrity violation", "d"))
                .isInstanceOf(ReferentialIntegrityException.class);
        assertThat(OvsdbErrors.of("not found", "d")).isInstanceOf(NotFoundException.class);
        assertThat(OvsdbErrors.of("unknown database", "d")).isInstanceOf(NotFoundException.class);
        assertThat(OvsdbErrors.of("timed out", "d")).isInstanceOf(TimedOutException.class);
        OvsdbException generic = OvsdbErrors.of("syntax error", "expected string");
        assertThat(generic.getClass()).isEqualTo(OvsdbException.class);
        assertThat(generic.error()).isEqualTo("syntax error");
        assertThat(generic.details()).isEqualTo("expected string");
        assertThat(generic).hasMessage("syntax error: expected string");
    }

    @Test
    void mapsJsonRpcErrorMembers() {
        OvsdbException e = OvsdbErrors.fromJson(json("{\"syntax\":\"[\\\"Nope\\\"]\",\"details\":"
                + "\"get_schema request specifies unknown database Nope\",\"error\":\"unknown database\"}"));
        assertThat(e).isInstanceOf(NotFoundException.class);
        assertThat(e.details()).contains("unknown database Nope");
        assertThat(OvsdbErrors.fromJson(json("\"unknown method\"")).error()).isEqualTo("unknown method");
    }

    @Test
    void perOperationErrorInsideSuccessfulReplyIsThrown() {
        // what the server answers to a set written as a plain JSON array
        JsonNode reply = json("[{\"details\":\"expected string\",\"error\":\"syntax error\"},null]");
        List<Operation> ops =
                List.of(Operation.insert("Logical_Switch", Map.of("name", "a"), null), Operation.comment("x"));
        assertThatThrownBy(() -> TransactReplies.parse(reply, ops, null))
                .isExactlyInstanceOf(OvsdbException.class)
                .hasMessage("syntax error: expected string");
    }

    @Test
    void commitErrorAfterLastOperationIsThrown() {
        JsonNode reply = json("[{\"uuid\":[\"uuid\",\"066a8744-76c4-49b3-9a04-743810f8d9e6\"]},{\"details\":\"Table "
                + "Logical_Switch column ports row 066a8744 references nonexistent row\",\"error\":"
                + "\"referential integrity violation\"}]");
        List<Operation> ops = List.of(Operation.insert("Logical_Switch", Map.of("name", "x"), null));
        assertThatThrownBy(() -> TransactReplies.parse(reply, ops, null))
                .isInstanceOf(ReferentialIntegrityException.class)
                .satisfies(e -> assertThat(((OvsdbException) e).details()).contains("references nonexistent row"));
    }

    @Test
    void decodesResultsWithTheSchema() {
        DatabaseSchema schema = DatabaseSchema.fromJson(json("{\"name\":\"DB\",\"version\":\"1.0.0\",\"tables\":{"
                + "\"T\":{\"columns\":{\"name\":{\"type\":\"string\"},\"tags\":{\"type\":{\"key\":\"string\","
                + "\"min\":0,\"max\":\"unlimited\"}}}}}}"));
        UUID id = UUID.randomUUID();
        List<Operation> ops = List.of(
                Operation.insert("T", Map.of("name", "a"), "t"),
                Operation.select("T", List.of(Condition.eq("name", "a")), List.of()),
                Operation.update("T", List.of(), Map.of("name", "b")));
        JsonNode reply = json("[{\"uuid\":[\"uuid\",\"" + id + "\"]},{\"rows\":[{\"_uuid\":[\"uuid\",\"" + id
                + "\"],\"name\":\"a\",\"tags\":\"only\"}]},{\"count\":1}]");
        TransactResult r = TransactReplies.parse(reply, ops, schema);
        assertThat(r.uuid("t")).isEqualTo(id);
        Row row = r.get(1).rows().get(0);
        assertThat(row.uuid()).isEqualTo(id);
        assertThat(row.stringSet("tags")).isEqualTo(Set.of("only"));
        assertThat(r.get(2).count()).hasValue(1);
    }

    @Test
    void shortReplyWithoutErrorIsAProtocolError() {
        assertThatThrownBy(() -> TransactReplies.parse(json("[]"), List.of(Operation.comment("c")), null))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> TransactReplies.parse(json("{}"), List.of(), null))
                .isInstanceOf(ProtocolException.class);
    }
}

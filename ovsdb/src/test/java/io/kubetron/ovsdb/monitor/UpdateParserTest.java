package io.kubetron.ovsdb.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.ovsdb.ProtocolException;
import io.kubetron.ovsdb.data.Row;
import io.kubetron.ovsdb.schema.DatabaseSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class UpdateParserTest {
    private static final JsonMapper M = JsonMapper.builder().build();
    private static final DatabaseSchema SCHEMA = DatabaseSchema.fromJson(
            M.readTree(
                    "{\"name\":\"DB\",\"tables\":{"
                            + "\"P\":{\"columns\":{\"name\":{\"type\":\"string\"},"
                            + "\"addresses\":{\"type\":{\"key\":\"string\",\"min\":0,\"max\":\"unlimited\"}},"
                            + "\"up\":{\"type\":{\"key\":\"boolean\",\"min\":0,\"max\":1}},"
                            + "\"external_ids\":{\"type\":{\"key\":\"string\",\"value\":\"string\",\"min\":0,\"max\":\"unlimited\"}}}}}}"));
    private static final UUID ID = UUID.fromString("6a8ea2ff-9a0d-4c7e-8f35-7b4e6a0e6d1e");

    private static List<RowUpdate> updates2(String json, boolean initial) {
        return UpdateParser.parseUpdates2(M.readTree(json), SCHEMA, initial);
    }

    @Test
    void appliesUpdate2DiffsToSetsMapsAndOptionals() {
        Row row = updates2(
                        "{\"P\":{\"" + ID + "\":{\"initial\":{\"name\":\"p1\",\"addresses\":[\"set\",[\"a\",\"b\"]],"
                                + "\"up\":[\"set\",[]],\"external_ids\":[\"map\",[[\"k\",\"v\"],[\"x\",\"1\"]]]}}}}",
                        true)
                .get(0)
                .apply(null, SCHEMA.requireTable("P"));
        assertThat(row.stringSet("addresses")).containsExactlyInAnyOrder("a", "b");
        assertThat(row.optional("up", Boolean.class)).isEmpty();

        // set diff: "b" removed, "c" added (bare single element would be "c" alone); map: k removed, x changed, n added
        RowUpdate mod = updates2(
                        "{\"P\":{\"" + ID + "\":{\"modify\":{\"addresses\":[\"set\",[\"b\",\"c\"]],"
                                + "\"up\":true,\"external_ids\":[\"map\",[[\"k\",\"v\"],[\"x\",\"2\"],[\"n\",\"new\"]]]}}}}",
                        false)
                .get(0);
        assertThat(mod.kind()).isEqualTo(RowUpdate.Kind.MODIFY);
        Row after = mod.apply(row, SCHEMA.requireTable("P"));
        assertThat(after.stringSet("addresses")).containsExactlyInAnyOrder("a", "c");
        assertThat(after.optional("up", Boolean.class)).contains(true);
        assertThat(after.stringMap("external_ids")).isEqualTo(Map.of("x", "2", "n", "new"));
        assertThat(after.string("name")).isEqualTo("p1");

        Row again = updates2("{\"P\":{\"" + ID + "\":{\"modify\":{\"addresses\":\"a\",\"up\":[\"set\",[]]}}}}", false)
                .get(0)
                .apply(after, SCHEMA.requireTable("P"));
        assertThat(again.stringSet("addresses")).containsExactly("c");
        assertThat(again.get("up")).isEqualTo(Optional.empty());
    }

    @Test
    void aLargeSetChangesByDifferenceIntoAPersistentSetThatSharesWhatStayed() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            many.append(i == 0 ? "" : ",").append("\"a").append(i).append('"');
        }
        Row row = updates2("{\"P\":{\"" + ID + "\":{\"initial\":{\"addresses\":[\"set\",[" + many + "]]}}}}", true)
                .get(0)
                .apply(null, SCHEMA.requireTable("P"));
        Row once = updates2("{\"P\":{\"" + ID + "\":{\"modify\":{\"addresses\":[\"set\",[\"a5\",\"new\"]]}}}}", false)
                .get(0)
                .apply(row, SCHEMA.requireTable("P"));
        Row twice = updates2("{\"P\":{\"" + ID + "\":{\"modify\":{\"addresses\":\"a7\"}}}}", false)
                .get(0)
                .apply(once, SCHEMA.requireTable("P"));
        assertThat(once.stringSet("addresses")).hasSize(1000).contains("new").doesNotContain("a5");
        assertThat(twice.stringSet("addresses")).hasSize(999).doesNotContain("a5", "a7");
        assertThat(row.stringSet("addresses")).hasSize(1000).contains("a5", "a7");
        assertThat(twice.get("addresses")).isInstanceOf(io.kubetron.ovsdb.data.PersistentSet.class);
        List<String> removed = new java.util.ArrayList<>();
        List<String> added = new java.util.ArrayList<>();
        io.kubetron.ovsdb.data.PersistentSet.diff(
                persistent(once.stringSet("addresses")),
                persistent(twice.stringSet("addresses")),
                removed::add,
                added::add);
        assertThat(removed).containsExactly("a7");
        assertThat(added).isEmpty();
    }

    private static io.kubetron.ovsdb.data.PersistentSet<String> persistent(java.util.Set<String> s) {
        return (io.kubetron.ovsdb.data.PersistentSet<String>) s;
    }

    @Test
    void parsesInsertDeleteAndPlainUpdates() {
        List<RowUpdate> u = updates2("{\"P\":{\"" + ID + "\":{\"delete\":null}}}", false);
        assertThat(u.get(0).kind()).isEqualTo(RowUpdate.Kind.DELETE);
        assertThat(u.get(0).apply(null, null)).isNull();

        List<RowUpdate> v1 = UpdateParser.parseUpdates(
                M.readTree("{\"P\":{\"" + ID + "\":{\"old\":{\"up\":false},"
                        + "\"new\":{\"name\":\"p1\",\"addresses\":\"a\",\"up\":true,\"external_ids\":[\"map\",[]]}}}}"),
                SCHEMA,
                false);
        assertThat(v1.get(0).kind()).isEqualTo(RowUpdate.Kind.MODIFY);
        assertThat(v1.get(0).diff()).isFalse();
        Row r = v1.get(0).apply(null, SCHEMA.requireTable("P"));
        assertThat(r.stringSet("addresses")).isEqualTo(Set.of("a"));
    }

    @Test
    void malformedUpdatesAreProtocolErrors() {
        assertThatThrownBy(() -> updates2("{\"P\":{\"not-a-uuid\":{\"delete\":null}}}", false))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> updates2("{\"P\":{\"" + ID + "\":{\"frobnicate\":{}}}}", false))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("frobnicate");
        assertThatThrownBy(() -> updates2("{\"P\":{\"" + ID + "\":{\"insert\":{\"name\":5}}}}", false))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("expected string");
    }
}

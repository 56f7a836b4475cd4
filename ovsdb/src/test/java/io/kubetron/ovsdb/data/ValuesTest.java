package io.kubetron.ovsdb.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.ovsdb.schema.AtomicType;
import io.kubetron.ovsdb.schema.BaseType;
import io.kubetron.ovsdb.schema.ColumnType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ValuesTest {
    private static final JsonMapper M = JsonMapper.builder().build();
    private static final UUID U = UUID.fromString("16dc65e2-1eeb-4746-9cd8-43e9e0dac0c2");

    private static JsonNode json(String s) {
        return M.readTree(s);
    }

    private static ColumnType set(AtomicType t) {
        return new ColumnType(BaseType.of(t), null, 0, Long.MAX_VALUE);
    }

    @Test
    void encodesAtoms() {
        assertThat(Values.encode(42).toString()).isEqualTo("42");
        assertThat(Values.encode(42L).toString()).isEqualTo("42");
        assertThat(Values.encode(1.5).toString()).isEqualTo("1.5");
        assertThat(Values.encode(true).toString()).isEqualTo("true");
        assertThat(Values.encode("a\"b").toString()).isEqualTo("\"a\\\"b\"");
        assertThat(Values.encode(U).toString()).isEqualTo("[\"uuid\",\"" + U + "\"]");
        assertThat(Values.encode(Ref.of(U)).toString()).isEqualTo("[\"uuid\",\"" + U + "\"]");
        assertThat(Values.encode(Ref.named("ls0")).toString()).isEqualTo("[\"named-uuid\",\"ls0\"]");
    }

    @Test
    void encodesSetsAlwaysTagged() {
        // a plain JSON array would be read by the server as a malformed atom (pitfall: "expected string")
        assertThat(Values.encode(List.of("a")).toString()).isEqualTo("[\"set\",[\"a\"]]");
        assertThat(Values.encode(Set.of()).toString()).isEqualTo("[\"set\",[]]");
        assertThat(Values.encode(List.of(Ref.named("p"), U)).toString())
                .isEqualTo("[\"set\",[[\"named-uuid\",\"p\"],[\"uuid\",\"" + U + "\"]]]");
        assertThat(Values.encode(Optional.empty()).toString()).isEqualTo("[\"set\",[]]");
        assertThat(Values.encode(Optional.of(7)).toString()).isEqualTo("7");
    }

    @Test
    void encodesMaps() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("k", "v");
        m.put("x", "y");
        assertThat(Values.encode(m).toString()).isEqualTo("[\"map\",[[\"k\",\"v\"],[\"x\",\"y\"]]]");
        assertThat(Values.encode(Map.of()).toString()).isEqualTo("[\"map\",[]]");
    }

    @Test
    void rejectsNullAndForeignTypes() {
        assertThatThrownBy(() -> Values.encode(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Values.encode(new Object())).hasMessageContaining("not an OVSDB atom");
        assertThatThrownBy(() -> Ref.named("1bad")).hasMessageContaining("identifier");
    }

    @Test
    void decodesBareSingleElementAsSet() {
        assertThat(Values.decode(json("\"router\""), set(AtomicType.STRING))).isEqualTo(Set.of("router"));
        assertThat(Values.decode(json("[\"set\",[\"a\",\"b\"]]"), set(AtomicType.STRING)))
                .isEqualTo(Set.of("a", "b"));
        assertThat(Values.decode(json("[\"set\",[]]"), set(AtomicType.STRING))).isEqualTo(Set.of());
        assertThat(Values.decode(json("[\"uuid\",\"" + U + "\"]"), set(AtomicType.UUID)))
                .isEqualTo(Set.of(U));
    }

    @Test
    void decodesOptionalAndScalars() {
        ColumnType opt = new ColumnType(BaseType.of(AtomicType.BOOLEAN), null, 0, 1);
        assertThat(Values.decode(json("[\"set\",[]]"), opt)).isEqualTo(Optional.empty());
        assertThat(Values.decode(json("true"), opt)).isEqualTo(Optional.of(true));
        assertThat(Values.decode(json("[\"set\",[false]]"), opt)).isEqualTo(Optional.of(false));
        assertThat(Values.decode(json("3"), ColumnType.scalar(AtomicType.INTEGER)))
                .isEqualTo(3L);
        assertThat(Values.decode(json("3"), ColumnType.scalar(AtomicType.REAL))).isEqualTo(3.0);
        assertThat(Values.decode(json("[\"uuid\",\"" + U + "\"]"), ColumnType.scalar(AtomicType.UUID)))
                .isEqualTo(U);
    }

    @Test
    void decodesMaps() {
        ColumnType t =
                new ColumnType(BaseType.of(AtomicType.STRING), BaseType.of(AtomicType.INTEGER), 0, Long.MAX_VALUE);
        assertThat(Values.decode(json("[\"map\",[[\"a\",1],[\"b\",2]]]"), t)).isEqualTo(Map.of("a", 1L, "b", 2L));
        assertThat(Values.decode(json("[\"map\",[]]"), t)).isEqualTo(Map.of());
    }

    @Test
    void rejectsTypeMismatch() {
        assertThatThrownBy(() -> Values.decode(json("1"), ColumnType.scalar(AtomicType.STRING)))
                .hasMessageContaining("expected string");
        assertThatThrownBy(() -> Values.decode(json("1.5"), ColumnType.scalar(AtomicType.INTEGER)))
                .hasMessageContaining("expected integer");
        assertThatThrownBy(() -> Values.decode(
                        json("[\"set\",[1,2]]"), new ColumnType(BaseType.of(AtomicType.INTEGER), null, 0, 1)))
                .hasMessageContaining("optional");
    }

    @Test
    void decodesWithoutSchema() {
        assertThat(Values.decodeUntyped(json("[\"named-uuid\",\"x\"]"))).isEqualTo(Ref.named("x"));
        assertThat(Values.decodeUntyped(json("[\"uuid\",\"" + U + "\"]"))).isEqualTo(U);
        assertThat(Values.decodeUntyped(json("[\"set\",[1,2]]"))).isEqualTo(Set.of(1L, 2L));
        assertThat(Values.decodeUntyped(json("[\"map\",[[\"k\",\"v\"]]]"))).isEqualTo(Map.of("k", "v"));
        assertThat(Values.decodeUntyped(json("2.5"))).isEqualTo(2.5);
        assertThatThrownBy(() -> Values.decodeUntyped(json("[1,2]"))).hasMessageContaining("not an OVSDB value");
    }

    @Test
    void roundTripsThroughJson() {
        ColumnType t =
                new ColumnType(BaseType.of(AtomicType.STRING), BaseType.of(AtomicType.STRING), 0, Long.MAX_VALUE);
        Map<String, String> m = Map.of("ovn-installed", "true", "iface-id", "p1");
        assertThat(Values.decode(json(Values.encode(m).toString()), t)).isEqualTo(m);
    }
}

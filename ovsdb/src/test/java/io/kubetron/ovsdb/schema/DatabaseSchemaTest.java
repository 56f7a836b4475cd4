package io.kubetron.ovsdb.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DatabaseSchemaTest {
    private static final String NB_EXCERPT = """
            {"name": "OVN_Northbound", "version": "7.0.0", "tables": {
              "Logical_Switch": {"columns": {
                 "name": {"type": "string"},
                 "ports": {"type": {"key": {"type": "uuid", "refTable": "Logical_Switch_Port", "refType": "strong"},
                                    "min": 0, "max": "unlimited"}},
                 "other_config": {"type": {"key": "string", "value": "string", "min": 0, "max": "unlimited"}}},
                 "isRoot": true},
              "Logical_Switch_Port": {"columns": {
                 "name": {"type": "string"},
                 "up": {"type": {"key": "boolean", "min": 0, "max": 1}},
                 "tag": {"type": {"key": {"type": "integer", "minInteger": 1, "maxInteger": 4095}, "min": 0, "max": 1}},
                 "dhcpv4_options": {"type": {"key": {"type": "uuid", "refTable": "DHCP_Options", "refType": "weak"},
                                             "min": 0, "max": 1}}},
                 "indexes": [["name"]], "isRoot": false}}}
            """;

    @Test
    void parsesTypesAndShapes() {
        DatabaseSchema s = DatabaseSchema.fromJson(JsonMapper.builder().build().readTree(NB_EXCERPT));
        assertThat(s.name()).isEqualTo("OVN_Northbound");
        assertThat(s.version()).isEqualTo("7.0.0");
        TableSchema ls = s.requireTable("Logical_Switch");
        assertThat(ls.isRoot()).isTrue();
        assertThat(ls.requireColumn("ports").type().shape()).isEqualTo(ColumnType.Shape.SET);
        assertThat(ls.requireColumn("ports").type().key().refTable()).isEqualTo("Logical_Switch_Port");
        assertThat(ls.requireColumn("other_config").type().shape()).isEqualTo(ColumnType.Shape.MAP);
        assertThat(ls.requireColumn("_uuid").type().key().type()).isEqualTo(AtomicType.UUID);
        TableSchema lsp = s.requireTable("Logical_Switch_Port");
        assertThat(lsp.requireColumn("up").type().shape()).isEqualTo(ColumnType.Shape.OPTIONAL);
        assertThat(lsp.requireColumn("tag").type().key().type()).isEqualTo(AtomicType.INTEGER);
        assertThat(lsp.requireColumn("dhcpv4_options").type().key().strongRef()).isFalse();
        assertThat(lsp.requireColumn("name").type().shape()).isEqualTo(ColumnType.Shape.SCALAR);
        assertThat(lsp.indexes()).containsExactly(java.util.List.of("name"));
        assertThatThrownBy(() -> s.requireTable("Nope")).hasMessageContaining("has no table Nope");
        assertThatThrownBy(() -> lsp.requireColumn("nope")).hasMessageContaining("has no column nope");
    }
}

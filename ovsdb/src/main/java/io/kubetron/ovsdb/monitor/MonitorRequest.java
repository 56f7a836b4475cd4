package io.kubetron.ovsdb.monitor;

import io.kubetron.ovsdb.ops.Condition;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What to monitor in one table: columns (empty = all) and, with {@code monitor_cond}, a condition (empty = all rows).
 * Immutable.
 *
 * @param table table name
 * @param columns columns to receive; empty for all
 * @param where conditions a row must meet (conjunction); empty for all rows
 */
public record MonitorRequest(String table, List<String> columns, List<Condition> where) {

    public MonitorRequest {
        columns = List.copyOf(columns);
        where = List.copyOf(where);
    }

    /** All rows, the given columns (none given: all columns). */
    public static MonitorRequest of(String table, String... columns) {
        return new MonitorRequest(table, List.of(columns), List.of());
    }

    /** The {@code <monitor-request>} / {@code <monitor-cond-request>} object. */
    public ObjectNode toJson(boolean withCondition) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        if (!columns.isEmpty()) {
            var cols = o.putArray("columns");
            columns.forEach(cols::add);
        }
        if (withCondition && !where.isEmpty()) {
            var w = o.putArray("where");
            where.forEach(c -> w.add(c.toJson()));
        }
        o.putObject("select")
                .put("initial", true)
                .put("insert", true)
                .put("delete", true)
                .put("modify", true);
        return o;
    }
}

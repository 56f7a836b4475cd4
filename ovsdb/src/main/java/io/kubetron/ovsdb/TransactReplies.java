package io.kubetron.ovsdb;

import io.kubetron.ovsdb.data.Row;
import io.kubetron.ovsdb.data.Values;
import io.kubetron.ovsdb.ops.Operation;
import io.kubetron.ovsdb.schema.DatabaseSchema;
import io.kubetron.ovsdb.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Interprets a {@code transact} reply. A JSON-RPC success can still carry failures: an operation result with
 * {@code error}, or one extra result after the last operation for a commit failure (RFC 7047 section 4.1.3).
 * Stateless, hence thread-safe.
 */
final class TransactReplies {
    private TransactReplies() {}

    /** Throws the first error found, else decodes every result. {@code schema} may be null when nothing is selected. */
    static TransactResult parse(JsonNode reply, List<Operation> ops, DatabaseSchema schema) {
        if (reply == null || !reply.isArray()) {
            throw new ProtocolException("transact result must be an array, got " + reply, null);
        }
        for (JsonNode r : reply) {
            if (r.isObject() && r.has("error") && !r.get("error").isNull()) {
                throw OvsdbErrors.fromJson(r);
            }
        }
        if (reply.size() < ops.size()) {
            throw new ProtocolException(
                    "transact returned " + reply.size() + " results for " + ops.size() + " operations without an error",
                    null);
        }
        List<OperationResult> results = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            results.add(result(reply.get(i), ops.get(i), schema));
        }
        return new TransactResult(ops, results);
    }

    private static OperationResult result(JsonNode r, Operation op, DatabaseSchema schema) {
        if (r == null || r.isNull()) {
            return new OperationResult(Optional.empty(), OptionalLong.empty(), List.of());
        }
        Optional<UUID> uuid = Optional.empty();
        JsonNode u = r.get("uuid");
        if (u != null) {
            uuid = Optional.of((UUID) Values.decodeUntyped(u));
        }
        JsonNode c = r.get("count");
        OptionalLong count = c == null ? OptionalLong.empty() : OptionalLong.of(c.asLong());
        List<Row> rows = new ArrayList<>();
        JsonNode rs = r.get("rows");
        if (rs != null && op instanceof Operation.Select sel) {
            TableSchema ts = schema == null ? null : schema.table(sel.table()).orElse(null);
            for (JsonNode row : rs) {
                Map<String, Object> cols = Values.decodeColumns(row, ts);
                Object id = cols.get("_uuid");
                rows.add(new Row(sel.table(), id instanceof UUID x ? x : null, cols));
            }
        }
        return new OperationResult(uuid, count, rows);
    }
}

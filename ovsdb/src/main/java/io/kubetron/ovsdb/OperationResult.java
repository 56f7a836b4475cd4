package io.kubetron.ovsdb;

import io.kubetron.ovsdb.data.Row;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The result of one successful operation. Immutable.
 *
 * @param uuid the UUID of an inserted row
 * @param count rows affected by update, mutate or delete
 * @param rows rows returned by select (decoded with the schema)
 */
public record OperationResult(Optional<UUID> uuid, OptionalLong count, List<Row> rows) {
    public OperationResult {
        rows = List.copyOf(rows);
    }
}

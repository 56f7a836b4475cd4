package io.kubetron.ovsdb;

import io.kubetron.ovsdb.ops.Operation;
import java.util.List;
import java.util.UUID;

/**
 * The results of a successful transaction, one per operation. Immutable.
 *
 * @param operations the operations sent
 * @param results their results, in the same order
 */
public record TransactResult(List<Operation> operations, List<OperationResult> results) {

    public TransactResult {
        operations = List.copyOf(operations);
        results = List.copyOf(results);
    }

    public OperationResult get(int index) {
        return results.get(index);
    }

    /** The UUID the server gave the row inserted with {@code uuid-name} {@code uuidName}. */
    public UUID uuid(String uuidName) {
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i) instanceof Operation.Insert ins && uuidName.equals(ins.uuidName())) {
                return results.get(i).uuid().orElseThrow();
            }
        }
        throw new IllegalArgumentException("no insert with uuid-name " + uuidName);
    }
}

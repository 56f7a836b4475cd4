package io.kubetron.ovsdb.ops;

import io.kubetron.ovsdb.data.Values;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One operation of a {@code transact} request (RFC 7047 section 5.2). Build them with the static factories and pass
 * a list to {@link io.kubetron.ovsdb.OvsdbClient#transact}. Column values are Java values as accepted by
 * {@link Values#encode(Object)}. All implementations are immutable records.
 */
public sealed interface Operation {

    /** The JSON object sent to the server. */
    ObjectNode toJson();

    /** Inserts a row; {@code uuidName} (nullable) lets later operations refer to it as {@code Ref.named(uuidName)}. */
    static Insert insert(String table, Map<String, ?> row, String uuidName) {
        return new Insert(table, row, uuidName);
    }

    static Select select(String table, List<Condition> where, List<String> columns) {
        return new Select(table, where, columns);
    }

    static Update update(String table, List<Condition> where, Map<String, ?> row) {
        return new Update(table, where, row);
    }

    static Mutate mutate(String table, List<Condition> where, List<Mutation> mutations) {
        return new Mutate(table, where, mutations);
    }

    static Delete delete(String table, List<Condition> where) {
        return new Delete(table, where);
    }

    /** Waits until the selected rows are ({@code "=="}) or are not ({@code "!="}) exactly {@code rows}. */
    static Wait wait(
            String table,
            long timeoutMillis,
            List<Condition> where,
            List<String> columns,
            String until,
            List<Map<String, ?>> rows) {
        return new Wait(table, timeoutMillis, where, columns, until, rows);
    }

    static Comment comment(String text) {
        return new Comment(text);
    }

    static Abort abort() {
        return new Abort();
    }

    /** {@code insert}. */
    record Insert(String table, Map<String, ?> row, String uuidName) implements Operation {
        public Insert {
            row = Map.copyOf(row);
            if (uuidName != null) {
                io.kubetron.ovsdb.data.Ref.named(uuidName); // validates the identifier syntax early
            }
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = OpJson.base("insert", table);
            o.set("row", OpJson.row(row));
            if (uuidName != null) {
                o.put("uuid-name", uuidName);
            }
            return o;
        }
    }

    /** {@code select}; an empty {@code columns} list selects all columns. */
    record Select(String table, List<Condition> where, List<String> columns) implements Operation {
        public Select {
            where = List.copyOf(where);
            columns = List.copyOf(columns);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = OpJson.base("select", table);
            o.set("where", OpJson.where(where));
            if (!columns.isEmpty()) {
                o.set("columns", OpJson.strings(columns));
            }
            return o;
        }
    }

    /** {@code update}. */
    record Update(String table, List<Condition> where, Map<String, ?> row) implements Operation {
        public Update {
            where = List.copyOf(where);
            row = Map.copyOf(row);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = OpJson.base("update", table);
            o.set("where", OpJson.where(where));
            o.set("row", OpJson.row(row));
            return o;
        }
    }

    /** {@code mutate}. */
    record Mutate(String table, List<Condition> where, List<Mutation> mutations) implements Operation {
        public Mutate {
            where = List.copyOf(where);
            mutations = List.copyOf(mutations);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = OpJson.base("mutate", table);
            o.set("where", OpJson.where(where));
            ArrayNode m = o.putArray("mutations");
            mutations.forEach(x -> m.add(x.toJson()));
            return o;
        }
    }

    /** {@code delete}. */
    record Delete(String table, List<Condition> where) implements Operation {
        public Delete {
            where = List.copyOf(where);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = OpJson.base("delete", table);
            o.set("where", OpJson.where(where));
            return o;
        }
    }

    /** {@code wait}. */
    record Wait(
            String table,
            long timeoutMillis,
            List<Condition> where,
            List<String> columns,
            String until,
            List<Map<String, ?>> rows)
            implements Operation {
        public Wait {
            where = List.copyOf(where);
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            if (!"==".equals(until) && !"!=".equals(until)) {
                throw new IllegalArgumentException("until must be == or !=");
            }
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = OpJson.base("wait", table);
            o.put("timeout", timeoutMillis);
            o.set("where", OpJson.where(where));
            o.set("columns", OpJson.strings(columns));
            o.put("until", until);
            ArrayNode r = o.putArray("rows");
            rows.forEach(x -> r.add(OpJson.row(x)));
            return o;
        }
    }

    /** {@code comment}: recorded in the database log. */
    record Comment(String text) implements Operation {
        @Override
        public ObjectNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode().put("op", "comment");
            o.put("comment", text);
            return o;
        }
    }

    /** {@code abort}: makes the transaction fail with error {@code "aborted"}. */
    record Abort() implements Operation {
        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("op", "abort");
        }
    }
}

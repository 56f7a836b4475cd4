package io.kubetron.ovsdb.schema;

/**
 * One column of a table schema. Immutable.
 *
 * @param name column name
 * @param type column type
 * @param mutable whether the column may be changed after insert
 * @param ephemeral whether the column is not persisted
 */
public record ColumnSchema(String name, ColumnType type, boolean mutable, boolean ephemeral) {}

/**
 * Typed records and operation helpers for the OVN_Northbound tables Kubetron uses. Records are immutable snapshots
 * made from {@link io.kubetron.ovsdb.data.Row}s (select results or replica rows); helpers build
 * {@link io.kubetron.ovsdb.ops.Operation}s for {@link io.kubetron.ovsdb.OvsdbClient#transact}.
 */
package io.kubetron.ovsdb.nb;

/**
 * Typed records and operation helpers for the Open_vSwitch database tables Kubetron uses (Open_vSwitch, Bridge,
 * Port, Interface). Records are immutable snapshots made from {@link io.kubetron.ovsdb.data.Row}s.
 */
package io.kubetron.ovsdb.vswitch;

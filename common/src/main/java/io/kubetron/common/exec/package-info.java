/**
 * Running processes, written once: {@link io.kubetron.common.exec.Exec} (a command with a timeout, output captured,
 * {@link io.kubetron.common.exec.CommandFailedException} with its stderr), inside a
 * {@link io.kubetron.common.exec.NetworkNamespace}, and {@link io.kubetron.common.exec.OwnedProcess} (a daemon known by
 * its pidfile, stopped by PID).
 */
package io.kubetron.common.exec;

/** Per-Pod log context: {@code pod=namespace/name} on every line about a Pod, through the MDC and key-value pairs. */
package io.kubetron.common.log;

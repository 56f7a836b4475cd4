/**
 * Kubetron's cross-cutting infrastructure, one implementation each: typed settings ({@code settings}), TLS and PEM
 * ({@code tls}), running processes ({@code exec}), backoff and waiting with a deadline ({@code retry}), the
 * health/metrics HTTP server ({@code http}), per-Pod log context ({@code log}) and the DHCP hook
 * script ({@code dhcp}). Depends on nothing Kubernetes.
 */
package io.kubetron.common;

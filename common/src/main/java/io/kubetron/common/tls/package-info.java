/**
 * TLS material in one place: the PEM reader ({@link io.kubetron.common.tls.Pem}, {@link io.kubetron.common.tls.PemFiles}),
 * key and chain pairs, SSL contexts with host name verification left to the connection
 * ({@link io.kubetron.common.tls.TlsContexts}) and the file-reloading server key manager.
 */
package io.kubetron.common.tls;

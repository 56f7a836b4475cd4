/**
 * The networks signature: what the webhook writes beside a Pod's networksSpec at admission and the node agent checks
 * before it plugs a port, so that a port is plugged only into the Pod it was made for. An HMAC-SHA256 ({@link
 * io.kubetron.common.signing.NetworksSignature}) with a key of a shared key set ({@link
 * io.kubetron.common.signing.SigningKeys}), read from a directory as a mounted Secret gives it and reloaded when it
 * changes ({@link io.kubetron.common.signing.KeySetDirectory}, {@link
 * io.kubetron.common.signing.ReloadingSigningKeys}).
 *
 * <p>Here rather than in {@code model}: the key set is files (the model does no I/O, a build rule says so), and the
 * lab and the testkit, which stand on {@code common} alone, must make key sets too. The annotation's name is the
 * model's ({@code Annotations.NETWORKS_SIGNATURE}); this package knows only strings. Nothing Kubernetes.
 */
package io.kubetron.common.signing;

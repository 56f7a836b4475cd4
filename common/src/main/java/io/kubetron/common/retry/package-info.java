/**
 * Retrying and waiting, written once: the {@link io.kubetron.common.retry.Backoff} policy every retry loop uses, and
 * {@link io.kubetron.common.retry.Wait} for polling a condition until a deadline.
 */
package io.kubetron.common.retry;

/** The health, readiness and metrics HTTP(S) server every Kubetron process serves, written once. */
package io.kubetron.common.http;

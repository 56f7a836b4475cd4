/** The busybox udhcpc hook script the node agent and the lab run, written once. */
package io.kubetron.common.dhcp;

package io.kubetron.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback TCP ports free now (the OS's pick), for daemons that must not meet another lab's. */
public final class FreePorts {
    private FreePorts() {}

    /** A port no one listens on at the moment of the call. */
    public static int next() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

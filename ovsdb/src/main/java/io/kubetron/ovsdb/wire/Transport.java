package io.kubetron.ovsdb.wire;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open byte stream to a server. Reading and writing may happen concurrently from two threads (one reader, one
 * writer at a time); {@link #close()} may be called from any thread and unblocks a blocked reader.
 */
public interface Transport extends Closeable {

    InputStream input();

    OutputStream output();

    /** The endpoint this transport is connected to, for messages. */
    Endpoint endpoint();

    /** Explains a failure of this transport in words an operator can act on (TLS refusals in particular). */
    default String explain(Throwable failure) {
        return failure.getMessage();
    }

    @Override
    void close() throws IOException;
}

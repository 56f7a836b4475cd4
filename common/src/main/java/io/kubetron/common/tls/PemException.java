package io.kubetron.common.tls;

import java.security.GeneralSecurityException;

/** PEM text that holds no usable certificate or key; the message says what was looked for and what was found. */
public final class PemException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public PemException(String message) {
        super(message);
    }

    public PemException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.kubetron.common.http;

/**
 * The answer of a health or readiness check.
 *
 * @param ok whether the component passes
 * @param detail why not (the probe's response body), or {@code ok}
 */
public record Check(boolean ok, String detail) {
    private static final Check OK = new Check(true, "ok");

    public static Check passing() {
        return OK;
    }

    public static Check failing(String detail) {
        return new Check(false, detail);
    }

    /** {@link #passing()}, or {@link #failing(String)} with {@code detail}. */
    public static Check of(boolean ok, String detail) {
        return ok ? OK : failing(detail);
    }
}

package io.kubetron.lab;

import java.util.List;

/** A command exited non-zero, timed out or could not start; the message carries its standard error. */
public class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    public CommandFailedException(List<String> command, int exitCode, String stdout, String stderr) {
        super(String.join(" ", command) + " failed" + (exitCode >= 0 ? " (exit " + exitCode + ")" : "")
                + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }
}

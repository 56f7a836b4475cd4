package io.kubetron.common.exec;

import java.util.List;

/** A command exited non-zero, timed out or could not start; the message names the command and carries its stderr. */
public class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> command;
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    /**
     * @param exitCode the exit status, or -1 when the command timed out, was interrupted or could not start
     * @param stderr its standard error (or why it did not finish)
     */
    public CommandFailedException(List<String> command, int exitCode, String stdout, String stderr) {
        super(String.join(" ", command) + " failed" + (exitCode >= 0 ? " (exit " + exitCode + ")" : "")
                + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public List<String> command() {
        return command;
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

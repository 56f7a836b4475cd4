package io.kubetron.cli.settings;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Wrong settings: a usage error (exit code 2) whose message names every problem; {@code Main} prints it without the
 * whole usage, which would bury it in a Pod's log.
 */
public final class SettingsError extends ParameterException {
    private static final long serialVersionUID = 1L;

    public SettingsError(CommandLine commandLine, String message) {
        super(commandLine, message);
    }
}

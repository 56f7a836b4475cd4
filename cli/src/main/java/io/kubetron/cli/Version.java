package io.kubetron.cli;

import picocli.CommandLine;

/** Reports the version Maven stamped into the jar (the product's and the dev kit's). */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "kubetron " + (v == null ? "(development build)" : v),
            "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"
        };
    }
}

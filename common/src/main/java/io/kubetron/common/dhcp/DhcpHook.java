package io.kubetron.common.dhcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one busybox {@code udhcpc} hook script (Debian's busybox ships none), for the node agent and the lab: it applies
 * a lease (address with the mask DHCP gave, {@code /32} when none; MTU; a default route only when
 * {@value #DEFAULT_ROUTE_ENV}{@code =1}) and prints it on a {@code LEASE} line, which {@link #lease} reads. Stateless.
 */
public final class DhcpHook {
    /** Set to {@code 1} in udhcpc's environment to take the lease's router as default route. */
    public static final String DEFAULT_ROUTE_ENV = "KUBETRON_DEFAULT_ROUTE";

    private static final String RESOURCE = "udhcpc-hook.sh";
    private static final Pattern LEASE = Pattern.compile("LEASE iface=(\\S*) ip=(\\S+) mask=(\\S*)");

    private DhcpHook() {}

    /**
     * A lease as the hook printed it.
     *
     * @param iface the interface
     * @param ip the leased IPv4 address
     * @param mask the mask DHCP gave (a prefix length or a dotted mask), empty when none
     */
    public record Lease(String iface, String ip, String mask) {}

    /** The script's text. */
    public static String script() {
        try (InputStream in = DhcpHook.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from kubetron-common");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the script to {@code file} (its directory created), executable. */
    public static Path write(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, script());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the DHCP hook " + file, e);
        }
    }

    /**
     * The udhcpc command line for one-shot mode ({@code -q -n -f}: it exits once it has a lease or has given up, so no
     * client keeps running), {@code attempts} DISCOVERs one second apart.
     */
    public static List<String> udhcpc(String ifname, Path hook, int attempts) {
        return List.of(
                "busybox",
                "udhcpc",
                "-i",
                ifname,
                "-s",
                hook.toString(),
                "-q",
                "-n",
                "-f",
                "-t",
                Integer.toString(attempts),
                "-T",
                "1");
    }

    /** The lease the hook printed in udhcpc's output, if any. */
    public static Optional<Lease> lease(String output) {
        Matcher m = LEASE.matcher(output);
        return m.find() ? Optional.of(new Lease(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }
}

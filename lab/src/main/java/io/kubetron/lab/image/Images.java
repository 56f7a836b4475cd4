package io.kubetron.lab.image;

import io.kubetron.common.exec.Exec;
import io.kubetron.lab.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recipes of Kubetron's images, built from this checkout and the host's Debian packages without a Docker engine
 * or a registry. Each build flag and module list is read from the image's Dockerfile under {@code images/}, so an
 * image built here and one built by {@code docker build} carry the same program. Same inputs, same image id.
 */
public final class Images {
    private static final Exec EXEC = Exec.plain().withTimeout(Duration.ofMinutes(5));
    private static final Pattern LDD_PATH = Pattern.compile("(?m)^\\s*(?:\\S+ => )?(/\\S+) \\(0x");
    /** Debian 12 is merged-/usr: these names are links into /usr there, and in the images. */
    private static final List<String> MERGED = List.of("bin", "sbin", "lib", "lib64");

    private final Path sources;
    private final Path out;

    /**
     * @param sources the checkout (holds {@code images/})
     * @param out where the archives go (created)
     */
    public Images(Path sources, Path out) {
        this.sources = sources;
        this.out = out;
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The checkout holding {@code images/pause/pause.c}: above the working directory, else above this class's jar or
     * classes (the dev kit's jar is built into the checkout's {@code demo/target}), so {@code ./kubetron demo} works
     * from any directory.
     */
    public static Path findSources() {
        List<Path> starts = new java.util.ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        try {
            starts.add(Path.of(Images.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code source (an unusual class loader): the working directory alone
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("images/pause/pause.c"))) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("images/pause/pause.c not found above " + starts);
    }

    /** The sandbox's infra container: a static pause program and nothing else, as the runtime's unprivileged user. */
    public BuiltImage pause() {
        return staticProgram("pause", "images/pause/pause.c", "PAUSE_CFLAGS", "local/pause:1", "65535:65535");
    }

    /**
     * Kubetron's request container (images/hold/Dockerfile): the static hold program, as nobody. Tagged with the name
     * the webhook injects by default, so a node that has it imported runs the injected container as an air-gapped
     * node with a preloaded image does.
     */
    public BuiltImage hold() {
        return staticProgram(
                "hold", "images/hold/Dockerfile", "HOLD_CFLAGS", "ghcr.io/kubetron/hold:0.1.0", "65534:65534");
    }

    /** An image of one static C program {@code images/<name>/<name>.c}, built with the flags {@code flagsFile} names. */
    private BuiltImage staticProgram(String name, String flagsFile, String flagsName, String tag, String user) {
        Path source = sources.resolve("images/" + name + "/" + name + ".c");
        Path bin = compile(name, source, flags(flagsFile, flagsName));
        return DockerArchive.write(
                out.resolve(name + ".tar"),
                tag,
                ImageConfig.of(user, "/" + name),
                List.of(new LayerBuilder("the " + name + " program").file(name, bin, 0755)));
    }

    /**
     * A user's application for the demo and the tests: Debian's static busybox with the applets a person uses to
     * look at a Pod's networks ({@code ip}, {@code ping}, {@code udhcpc}...), running a shell that ends on SIGTERM.
     */
    public BuiltImage app() {
        Path busybox = staticBusybox();
        LayerBuilder l = new LayerBuilder("busybox and its applets");
        mergedUsr(l);
        l.file("usr/bin/busybox", busybox, 0755);
        for (String applet : List.of(
                "sh",
                "ip",
                "ping",
                "sleep",
                "cat",
                "ls",
                "ps",
                "udhcpc",
                "ifconfig",
                "route",
                "hostname",
                "wget",
                "nc",
                "grep",
                "echo",
                "env",
                "id",
                "arping",
                "traceroute")) {
            l.symlink("usr/bin/" + applet, "busybox");
        }
        l.dir("tmp", 01777);
        l.file("etc/passwd", utf8("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n"), 0644);
        l.file("etc/group", utf8("root:x:0:\nnogroup:x:65534:\n"), 0644);
        return DockerArchive.write(
                out.resolve("app.tar"),
                "local/kubetron-app:1",
                ImageConfig.of("", "/bin/sh", "-c", "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"),
                List.of(l));
    }

    /**
     * The product image (images/kubetron/Dockerfile): a base with exactly the programs the node agent runs and the
     * libraries they and the Java runtime link, the jlink runtime of the Dockerfile's module list, and the jar, in
     * that order (the layer that changes most is last). As the Dockerfile: non-root (65532) by default.
     */
    public BuiltImage product(Path jar) {
        Path runtime = jlink();
        LayerBuilder base = new LayerBuilder("base: ip, ethtool, nsenter, busybox (sh, udhcpc) and their libraries");
        mergedUsr(base);
        Set<Path> elves = new LinkedHashSet<>();
        for (String tool : List.of("/usr/bin/ip", "/usr/sbin/ethtool", "/usr/bin/nsenter")) {
            elves.add(Path.of(tool));
            copyResolved(base, Path.of(tool));
        }
        base.copy("etc/iproute2", Path.of("/etc/iproute2"));
        base.file("usr/bin/busybox", staticBusybox(), 0755);
        for (String applet : List.of("sh", "udhcpc")) {
            base.symlink("usr/bin/" + applet, "busybox");
        }
        try (var s = Files.walk(runtime)) {
            s.filter(p -> p.toString().endsWith(".so") || p.endsWith("bin/java"))
                    .forEach(elves::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path lib : libraries(elves)) {
            // ldd resolves the runtime's own libraries through $ORIGIN, to paths in this build's directory: they are
            // in the jlink layer already, and copying them would make the base differ from build to build
            if (!inside(lib, runtime)) {
                copyResolved(base, lib);
            }
        }
        base.dir("tmp", 01777);
        base.file(
                "etc/passwd",
                utf8("root:x:0:0:root:/root:/usr/sbin/nologin\n"
                        + "kubetron:x:65532:65532::/nonexistent:/usr/sbin/nologin\n"
                        + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"),
                0644);
        base.file("etc/group", utf8("root:x:0:\nkubetron:x:65532:\nnogroup:x:65534:\n"), 0644);
        LayerBuilder java = new LayerBuilder("the jlink runtime").copy("opt/kubetron/java", runtime);
        LayerBuilder app = new LayerBuilder("the kubetron jar and its launcher")
                .file("opt/kubetron/kubetron.jar", jar, 0644)
                .file("usr/local/bin/kubetron", sources.resolve("images/kubetron/kubetron.sh"), 0755);
        BuiltImage image = DockerArchive.write(
                out.resolve("kubetron.tar"),
                "local/kubetron:0.1.0",
                ImageConfig.of("65532:65532", "kubetron"),
                List.of(base, java, app));
        FileTrees.delete(runtime);
        return image;
    }

    private static void mergedUsr(LayerBuilder l) {
        for (String d : MERGED) {
            l.symlink(d, "usr/" + d);
        }
    }

    /**
     * Adds a host file under its real directory (merged /usr), keeping a link as a link and adding what it points
     * to as well.
     */
    private static void copyResolved(LayerBuilder l, Path path) {
        try {
            Path dir = path.getParent().toRealPath();
            String at = dir.resolve(path.getFileName()).toString().substring(1);
            if (l.has(at)) {
                return;
            }
            if (Files.isSymbolicLink(path)) {
                Path target = Files.readSymbolicLink(path);
                l.symlink(at, target.toString());
                copyResolved(l, dir.resolve(target).normalize());
            } else {
                l.file(at, path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code file} lies in {@code dir}, either as named ({@code java/bin/../lib/libjli.so}) or after
     * following links (a build directory reached through a link).
     */
    static boolean inside(Path file, Path dir) {
        Path f = file.toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        if (f.startsWith(d)) {
            return true;
        }
        try {
            return Files.exists(f) && Files.exists(d) && f.toRealPath().startsWith(d.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared libraries the dynamic loader maps for these programs and libraries (ldd), loader included. */
    private static Set<Path> libraries(Set<Path> elves) {
        Set<Path> libs = new java.util.TreeSet<>();
        for (Path elf : elves) {
            Exec.Result r = EXEC.run("ldd", elf.toString());
            Matcher m = LDD_PATH.matcher(r.stdout());
            while (m.find()) {
                libs.add(Path.of(m.group(1)));
            }
        }
        return libs;
    }

    private Path staticBusybox() {
        Path busybox = Path.of("/usr/bin/busybox");
        Exec.Result r = EXEC.run("ldd", busybox.toString());
        if (r.ok()) {
            throw new IllegalStateException(
                    busybox + " is linked dynamically: the images need Debian's busybox-static package");
        }
        return busybox;
    }

    /** Runs jlink as the Dockerfile does, into a directory of {@link #out}. */
    private Path jlink() {
        String modules = arg("images/kubetron/Dockerfile", "ARG JAVA_MODULES=(\\S+)");
        Path java = out.resolve("java");
        FileTrees.delete(java);
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        EXEC.run(
                        jlink.toString(),
                        "--add-modules",
                        modules,
                        "--strip-debug",
                        "--no-man-pages",
                        "--no-header-files",
                        "--compress=zip-6",
                        "--output",
                        java.toString())
                .orThrow();
        return java;
    }

    private Path compile(String name, Path source, String cflags) {
        Path bin = out.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(List.of(cflags.split(" ")));
        cmd.addAll(List.of("-o", bin.toString(), source.toString()));
        EXEC.run(cmd).orThrow();
        return bin;
    }

    private String flags(String file, String name) {
        return arg(file, "(?m)" + name + "=\"([^\"]+)\"");
    }

    private String arg(String file, String regex) {
        try {
            Matcher m = Pattern.compile(regex).matcher(Files.readString(sources.resolve(file)));
            if (!m.find()) {
                throw new IllegalStateException(regex + " not found in " + file);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

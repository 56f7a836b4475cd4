package io.kubetron.lab.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The content of one image layer, written as a tar whose bytes depend only on that content: entries in path order,
 * every time stamp the epoch, owner root, no user or group names, PAX headers for long names.
 * Parent directories are added (0755) where no entry names them. Not thread-safe.
 */
public final class LayerBuilder {
    private final String description;
    private final Map<String, Entry> entries = new TreeMap<>();

    private sealed interface Entry {}

    private record Dir(int mode) implements Entry {}

    private record Bytes(byte[] content, int mode) implements Entry {}

    private record FromFile(Path source, int mode) implements Entry {}

    private record Symlink(String target) implements Entry {}

    /** @param description what the layer holds, for the image's history and the size table */
    public LayerBuilder(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** A directory (for example a world-writable {@code /tmp}: 01777). */
    public LayerBuilder dir(String path, int mode) {
        return put(path, new Dir(mode));
    }

    /** A file with the given content, owned by root. */
    public LayerBuilder file(String path, byte[] content, int mode) {
        return put(path, new Bytes(content.clone(), mode));
    }

    /** A file copied from {@code source} (read when the layer is written), owned by root. */
    public LayerBuilder file(String path, Path source, int mode) {
        return put(path, new FromFile(source, mode));
    }

    /** A file copied from {@code source} with the source's permission bits. */
    public LayerBuilder file(String path, Path source) {
        return file(path, source, modeOf(source));
    }

    public LayerBuilder symlink(String path, String target) {
        return put(path, new Symlink(target));
    }

    /**
     * Copies a host path as the image has it: a symbolic link stays a link (and what it points to is not followed),
     * a directory is copied with everything under it, a file keeps its permission bits.
     */
    public LayerBuilder copy(String path, Path source) {
        try {
            if (Files.isSymbolicLink(source)) {
                return symlink(path, Files.readSymbolicLink(source).toString());
            }
            if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                dir(path, modeOf(source));
                try (Stream<Path> children = Files.list(source)) {
                    for (Path c : children.toList()) {
                        copy(path + "/" + c.getFileName(), c);
                    }
                }
                return this;
            }
            return file(path, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the layer has an entry at {@code path}. */
    public boolean has(String path) {
        return entries.containsKey(normalize(path));
    }

    private LayerBuilder put(String path, Entry e) {
        String p = normalize(path);
        if (p.isEmpty()) {
            throw new IllegalArgumentException("a layer entry needs a path below /");
        }
        Entry old = entries.get(p);
        if (old instanceof Dir && e instanceof Dir) {
            return this;
        }
        if (old != null) {
            throw new IllegalArgumentException(p + " is in layer '" + description + "' twice");
        }
        entries.put(p, e);
        return this;
    }

    private static String normalize(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.contains("//") || p.equals("..") || p.startsWith("../") || p.contains("/../")) {
            throw new IllegalArgumentException("not a clean path: " + path);
        }
        return p;
    }

    /**
     * Writes the layer as an uncompressed tar and measures it: its digest (the image's diff id), its size, and what
     * it weighs compressed as a registry stores it (gzip).
     */
    public LayerInfo writeTo(Path tar) {
        try (OutputStream file = Files.newOutputStream(tar)) {
            MessageDigest sha = sha256();
            CountingStream gzipped = new CountingStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped, 1 << 16);
                    TeeStream both = new TeeStream(new DigestOutputStream(file, sha), gzip);
                    TarArchiveOutputStream out = new TarArchiveOutputStream(both)) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (String dir : missingParents()) {
                    write(out, dir, new Dir(0755));
                }
                for (Map.Entry<String, Entry> e : entries.entrySet()) {
                    write(out, e.getKey(), e.getValue());
                }
                out.finish();
                both.flush();
                gzip.finish();
                return new LayerInfo(
                        description, "sha256:" + HexFormat.of().formatHex(sha.digest()), both.written(), gzipped.count);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Directories that hold entries but are not entries themselves, in path order. */
    private Set<String> missingParents() {
        Set<String> out = new java.util.TreeSet<>();
        for (String p : entries.keySet()) {
            for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
                String parent = p.substring(0, i);
                if (!entries.containsKey(parent)) {
                    out.add(parent);
                }
            }
        }
        return out;
    }

    private static void write(TarArchiveOutputStream out, String path, Entry e) throws IOException {
        TarArchiveEntry t;
        switch (e) {
            case Dir d -> {
                t = new TarArchiveEntry(path + "/", TarArchiveEntry.LF_DIR);
                t.setMode(040000 | d.mode());
            }
            case Bytes b -> {
                t = new TarArchiveEntry(path, TarArchiveEntry.LF_NORMAL);
                t.setMode(0100000 | b.mode());
                t.setSize(b.content().length);
            }
            case FromFile f -> {
                t = new TarArchiveEntry(path, TarArchiveEntry.LF_NORMAL);
                t.setMode(0100000 | f.mode());
                t.setSize(Files.size(f.source()));
            }
            case Symlink s -> {
                t = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
                t.setLinkName(s.target());
                t.setMode(0120777);
            }
        }
        t.setModTime(0);
        t.setUserId(0);
        t.setGroupId(0);
        t.setUserName("");
        t.setGroupName("");
        out.putArchiveEntry(t);
        if (e instanceof Bytes b) {
            out.write(b.content());
        } else if (e instanceof FromFile f) {
            try (InputStream in = Files.newInputStream(f.source())) {
                in.transferTo(out);
            }
        }
        out.closeArchiveEntry();
    }

    static int modeOf(Path p) {
        try {
            int mode = 0;
            for (PosixFilePermission x : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) {
                mode |= 1 << (8 - x.ordinal());
            }
            return mode;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts what passes, keeps nothing. */
    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** Writes to two streams; closing it closes both. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;
        private long written;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        long written() {
            return written;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
            written++;
        }

        @Override
        public void write(byte[] x, int off, int len) throws IOException {
            a.write(x, off, len);
            b.write(x, off, len);
            written += len;
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws IOException {
            try (a) {
                b.close();
            }
        }
    }
}

package io.kubetron.lab.image;

import io.kubetron.lab.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an image as a docker-archive tar ({@code docker save}'s format, which {@code ctr image import} reads):
 * {@code manifest.json}, the image configuration named by its digest, one {@code <diffid>/layer.tar} per layer. The
 * configuration has no creation time and no host details, so the same layers and config give the same image id on
 * every build and every machine (moby/moby {@code image/spec/spec.md}: the id is the configuration's digest).
 */
public final class DockerArchive {
    private static final JsonMapper JSON = JsonMapper.builder()
            // Map.of iterates in an order salted per JVM: sorted keys keep the configuration's bytes, and so the
            // image id, the same from run to run
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private DockerArchive() {}

    /** Writes {@code archive}, using {@code work} (created, then removed) for the layers' tars. */
    public static BuiltImage write(Path archive, String repoTag, ImageConfig config, List<LayerBuilder> layers) {
        Path work = archive.resolveSibling(archive.getFileName() + ".layers");
        try {
            Files.createDirectories(work);
            List<LayerInfo> infos = new ArrayList<>();
            List<Path> tars = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                Path tar = work.resolve(i + ".tar");
                infos.add(layers.get(i).writeTo(tar));
                tars.add(tar);
            }
            byte[] configJson = JSON.writeValueAsBytes(configuration(config, infos));
            String id = HexFormat.of().formatHex(LayerBuilder.sha256().digest(configJson));
            List<String> layerPaths = infos.stream()
                    .map(l -> l.diffId().substring("sha256:".length()) + "/layer.tar")
                    .toList();
            byte[] manifest = JSON.writeValueAsBytes(
                    List.of(Map.of("Config", id + ".json", "RepoTags", List.of(repoTag), "Layers", layerPaths)));
            try (OutputStream file = Files.newOutputStream(archive);
                    TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                java.util.Set<String> written = new java.util.HashSet<>();
                for (int i = 0; i < tars.size(); i++) {
                    String dir =
                            layerPaths.get(i).substring(0, layerPaths.get(i).indexOf('/'));
                    if (!written.add(dir)) {
                        continue; // the same layer twice in one image: stored once
                    }
                    dirEntry(out, dir + "/");
                    fileEntry(out, layerPaths.get(i), tars.get(i));
                }
                entry(out, id + ".json", configJson);
                entry(out, "manifest.json", manifest);
                out.finish();
            }
            return new BuiltImage(archive, repoTag, "sha256:" + id, infos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            FileTrees.delete(work);
        }
    }

    /** The image configuration (OCI image-spec {@code config.md}), without {@code created} or build host. */
    private static Map<String, Object> configuration(ImageConfig c, List<LayerInfo> layers) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("Entrypoint", c.entrypoint());
        if (!c.cmd().isEmpty()) {
            run.put("Cmd", c.cmd());
        }
        run.put("Env", c.env());
        run.put("User", c.user());
        run.put("WorkingDir", c.workingDir());
        if (!c.labels().isEmpty()) {
            run.put("Labels", new java.util.TreeMap<>(c.labels()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("architecture", "amd64");
        out.put("os", "linux");
        out.put("config", run);
        out.put(
                "rootfs",
                Map.of(
                        "type",
                        "layers",
                        "diff_ids",
                        layers.stream().map(LayerInfo::diffId).toList()));
        out.put(
                "history",
                layers.stream()
                        .map(l -> Map.of("created_by", "kubetron images: " + l.description()))
                        .toList());
        return out;
    }

    private static void entry(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry t = new TarArchiveEntry(name);
        t.setSize(content.length);
        t.setModTime(0);
        t.setMode(0100644);
        out.putArchiveEntry(t);
        out.write(content);
        out.closeArchiveEntry();
    }

    private static void dirEntry(TarArchiveOutputStream out, String name) throws IOException {
        TarArchiveEntry t = new TarArchiveEntry(name);
        t.setModTime(0);
        t.setMode(040755);
        out.putArchiveEntry(t);
        out.closeArchiveEntry();
    }

    private static void fileEntry(TarArchiveOutputStream out, String name, Path source) throws IOException {
        TarArchiveEntry t = new TarArchiveEntry(name);
        t.setModTime(0);
        t.setMode(0100644);
        t.setSize(Files.size(source));
        out.putArchiveEntry(t);
        Files.copy(source, out);
        out.closeArchiveEntry();
    }
}

package io.kubetron.lab.image;

import java.nio.file.Path;
import java.util.List;

/**
 * A docker-archive tar on disk.
 *
 * @param repoTag the name the archive tags the image with ({@code local/pause:1}; containerd stores it as
 *     {@code docker.io/local/pause:1})
 * @param id {@code sha256:<hex>} of the image configuration: the image id, equal for equal content
 */
public record BuiltImage(Path archive, String repoTag, String id, List<LayerInfo> layers) {
    public BuiltImage {
        layers = List.copyOf(layers);
    }

    /**
     * The image as a Pod names it once imported: containerd's CRI keeps {@code local/x:1} as
     * {@code docker.io/local/x:1}, as a pull would name it; a tag that names its registry (a first part with a dot)
     * stays as it is.
     */
    public String reference() {
        return repoTag.split("/", 2)[0].contains(".") ? repoTag : "docker.io/" + repoTag;
    }

    public long size() {
        return layers.stream().mapToLong(LayerInfo::size).sum();
    }

    public long gzipSize() {
        return layers.stream().mapToLong(LayerInfo::gzipSize).sum();
    }
}

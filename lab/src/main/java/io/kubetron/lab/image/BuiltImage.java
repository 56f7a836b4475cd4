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

    public long size() {
        return layers.stream().mapToLong(LayerInfo::size).sum();
    }

    public long gzipSize() {
        return layers.stream().mapToLong(LayerInfo::gzipSize).sum();
    }
}

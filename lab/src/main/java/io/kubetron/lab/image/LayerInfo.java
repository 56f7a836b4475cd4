package io.kubetron.lab.image;

/**
 * One written layer.
 *
 * @param diffId {@code sha256:<hex>} of the uncompressed tar (the image config's {@code rootfs.diff_ids})
 * @param size bytes of the uncompressed tar (about what the layer takes unpacked)
 * @param gzipSize bytes of the same tar gzip-compressed, as a registry stores and a node pulls it
 */
public record LayerInfo(String description, String diffId, long size, long gzipSize) {}

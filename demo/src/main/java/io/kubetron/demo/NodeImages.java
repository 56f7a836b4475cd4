package io.kubetron.demo;

import io.kubetron.lab.Lab;
import io.kubetron.lab.LabNode;
import io.kubetron.lab.image.BuiltImage;
import io.kubetron.lab.image.Images;
import io.kubetron.lab.runtime.Containerd;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The images an emulated cluster's nodes run, built locally (nothing can be pulled): the sandboxes' pause image,
 * Kubetron's hold image for the injected container, and a busybox application for the users' Pods.
 */
public record NodeImages(BuiltImage pause, BuiltImage hold, BuiltImage app) {
    /** Builds the three images from the source tree into {@code dir}. */
    public static NodeImages build(Path dir) {
        Images images = new Images(Images.findSources(), dir);
        return new NodeImages(images.pause(), images.hold(), images.app());
    }

    /** The application image as a Pod names it. */
    public String appReference() {
        return app.reference();
    }

    /** Starts {@code node}'s containerd ({@link Lab#containerd}) with the images imported. */
    public Containerd startRuntime(Lab lab, LabNode node, Consumer<String> progress) {
        Containerd c = Containerd.start(lab.containerd(node), progress);
        try {
            for (BuiltImage i : new BuiltImage[] {pause, hold, app}) {
                c.importImage(i.archive());
            }
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }
}

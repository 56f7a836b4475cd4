package io.kubetron.emulation.cri;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubetron.lab.FileTrees;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabNode;
import io.kubetron.lab.image.BuiltImage;
import io.kubetron.lab.image.Images;
import io.kubetron.lab.runtime.Containerd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A lab node's container runtime for the tests and benchmarks that need real Pod sandboxes without a whole emulated
 * kubelet: the node's private containerd with the pause and application images imported, and the kubelet's part of
 * starting a bound Pod ({@link CriSandbox#run}). Closing removes every sandbox it made and stops the runtime.
 *
 * <p>Thread-safe: sandboxes may be run from several threads (a benchmark's burst).
 */
public final class LabRuntime implements AutoCloseable {
    private static BuiltImage pause;
    private static BuiltImage app;

    private final Containerd containerd;
    private final CriClient cri;
    private final CriNode node;
    private final Path kubeletDir;
    private final List<CriSandbox> sandboxes = new ArrayList<>();

    private LabRuntime(Containerd containerd, CriNode node, Path kubeletDir) {
        this.containerd = containerd;
        this.cri = new CriClient(containerd.socket());
        this.node = node;
        this.kubeletDir = kubeletDir;
    }

    /** Starts {@code labNode}'s containerd, its Pods named to the kubelet as node {@code nodeName}. */
    public static LabRuntime start(Lab lab, LabNode labNode, String nodeName) {
        buildImages();
        Containerd containerd = Containerd.start(lab.containerd(labNode), line -> {});
        try {
            containerd.importImage(pause.archive());
            containerd.importImage(app.archive());
            Path dir = Files.createTempDirectory("kubetron-kubelet-");
            return new LabRuntime(
                    containerd,
                    new CriNode(
                            nodeName,
                            containerd.options().kubepods(),
                            dir.resolve("pods"),
                            dir.resolve("logs"),
                            8L << 30),
                    dir);
        } catch (IOException | RuntimeException e) {
            containerd.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The image of application containers (busybox: ip, ping, udhcpc), as a Pod's {@code image} names it. */
    public static String appImage() {
        buildImages();
        return app.reference();
    }

    /** The pause and application images, built once per JVM (a build is deterministic: same inputs, same id). */
    private static synchronized void buildImages() {
        if (pause == null) {
            try {
                Path dir = Files.createTempDirectory("kubetron-images-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> FileTrees.delete(dir)));
                Images images = new Images(Images.findSources(), dir);
                pause = images.pause();
                app = images.app();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The sandbox of {@code pod} (bound to this node, with its uid), as the kubelet has the runtime make it: the
     * sandbox, then its containers in the kubelet's order. No device plugin is called: callers that need one make
     * those calls themselves.
     */
    public CriSandbox run(Pod pod) {
        CriSandbox s = CriSandbox.run(cri, pod, node, c -> {});
        synchronized (sandboxes) {
            sandboxes.add(s);
        }
        return s;
    }

    /** Stops and removes {@code sandbox} now (the Pod's deletion), rather than at {@link #close()}. */
    public void remove(CriSandbox sandbox) {
        synchronized (sandboxes) {
            sandboxes.remove(sandbox);
        }
        sandbox.close();
    }

    public CriNode node() {
        return node;
    }

    @Override
    public void close() {
        List<CriSandbox> left;
        synchronized (sandboxes) {
            left = List.copyOf(sandboxes.reversed());
            sandboxes.clear();
        }
        left.forEach(CriSandbox::close);
        cri.close();
        containerd.close();
        FileTrees.delete(kubeletDir);
    }
}

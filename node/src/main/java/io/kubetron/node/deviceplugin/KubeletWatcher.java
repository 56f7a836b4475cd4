package io.kubetron.node.deviceplugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices the kubelet (re)starting: it re-creates {@code kubelet.sock} in the device-plugins directory, and every
 * plugin must then serve and register again. Uses inotify through the JDK's {@link WatchService}. Owns one daemon
 * thread, ended by {@link #close()}.
 */
final class KubeletWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletWatcher.class);
    private final WatchService watch;
    private final Thread thread;

    /** Starts watching {@code dir} (created if missing) and calls {@code onKubeletStart} at each new kubelet.sock. */
    public KubeletWatcher(Path dir, Runnable onKubeletStart) {
        try {
            Files.createDirectories(dir);
            this.watch = dir.getFileSystem().newWatchService();
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + dir, e);
        }
        this.thread = Thread.ofPlatform().daemon(true).name("kubelet-watcher").start(() -> loop(onKubeletStart));
    }

    private void loop(Runnable onKubeletStart) {
        try {
            while (true) {
                WatchKey key = watch.take();
                boolean kubelet = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    // OVERFLOW (context null) may have hidden the kubelet's socket: treat it as a restart too
                    kubelet |= e.context() == null
                            || "kubelet.sock".equals(e.context().toString());
                }
                key.reset();
                if (kubelet) {
                    LOG.info("kubelet.sock created: re-registering every device plugin");
                    try {
                        onKubeletStart.run();
                    } catch (RuntimeException ex) {
                        LOG.warn("re-registration failed", ex);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service", e);
        }
        thread.interrupt();
    }
}

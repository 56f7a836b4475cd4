package io.kubetron.common.signing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key set of a directory, kept current: read at start (a component does not start without one), then read again
 * every few seconds on a thread of its own; a changed set that is valid replaces the one in service, one that is not
 * (a rotation caught half-way, a mistake) leaves it in service and is logged. Logs name the key ids, never keys.
 * Thread-safe; {@link #close()} stops the polling.
 */
public final class ReloadingSigningKeys implements Supplier<SigningKeys>, AutoCloseable {
    /** Often enough that a Secret update (itself up to a minute or so on its way to the kubelet) is seen soon. */
    public static final Duration DEFAULT_CHECK_EVERY = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSigningKeys.class);

    private final Path dir;
    private final ScheduledExecutorService timer;
    private volatile SigningKeys current;
    /** Only the polling thread touches these. */
    private String lastProblem;

    private ReloadingSigningKeys(Path dir, SigningKeys first, Duration every) {
        this.dir = dir;
        this.current = first;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("kubetron-signing-keys").factory());
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the key set in {@code dir} and keeps it current.
     *
     * @throws SigningKeysException when there is none or it is not valid, saying how to make one
     */
    public static ReloadingSigningKeys open(Path dir, Duration checkEvery) {
        SigningKeys first = KeySetDirectory.read(dir);
        LOG.info("networks-signing keys loaded dir={} ids={} primary={}", dir, first.ids(), first.primary());
        return new ReloadingSigningKeys(dir, first, checkEvery);
    }

    /** {@link #open(Path, Duration)}, looking every {@link #DEFAULT_CHECK_EVERY}. */
    public static ReloadingSigningKeys open(Path dir) {
        return open(dir, DEFAULT_CHECK_EVERY);
    }

    /** The key set in service. */
    @Override
    public SigningKeys get() {
        return current;
    }

    /** Reads the directory now (the polling thread does every few seconds). */
    void check() {
        try {
            SigningKeys read = KeySetDirectory.read(dir);
            lastProblem = null;
            SigningKeys was = current;
            if (!same(was, read)) {
                current = read;
                LOG.info(
                        "networks-signing keys reloaded dir={} ids={} primary={} (were ids={} primary={})",
                        dir,
                        read.ids(),
                        read.primary(),
                        was.ids(),
                        was.primary());
            }
        } catch (RuntimeException e) {
            if (!Objects.equals(lastProblem, e.getMessage())) {
                lastProblem = e.getMessage();
                LOG.warn(
                        "networks-signing keys not reloaded, keeping ids={} primary={}: {}",
                        current.ids(),
                        current.primary(),
                        e.getMessage());
            }
        }
    }

    private static boolean same(SigningKeys a, SigningKeys b) {
        if (!a.primary().equals(b.primary()) || !a.ids().equals(b.ids())) {
            return false;
        }
        for (String id : a.ids()) {
            if (!java.security.MessageDigest.isEqual(
                    a.key(id).getEncoded(), b.key(id).getEncoded())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

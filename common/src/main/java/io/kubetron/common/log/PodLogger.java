package io.kubetron.common.log;

import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A logger whose lines about a Pod carry {@code pod=namespace/name} as a key-value pair (slf4j-simple prints it ahead of
 * the message: {@code INFO X - pod=default/web networks ready ...}). When the MDC already names the same Pod
 * ({@link PodContext#enter()} on a backend with an MDC) the pair is left out, so that no line names it twice.
 * Immutable, hence thread-safe.
 *
 * <pre>{@code
 * private static final PodLogger LOG = PodLogger.of(LoggerFactory.getLogger(X.class));
 * LOG.info(pod, "networks ready uid={} ms={}", uid, ms);
 * }</pre>
 */
public final class PodLogger {
    private final Logger log;

    private PodLogger(Logger log) {
        this.log = log;
    }

    public static PodLogger of(Logger log) {
        return new PodLogger(log);
    }

    /** The plain logger, for lines that concern no Pod. */
    public Logger logger() {
        return log;
    }

    /** An event at {@code level} about {@code pod}, to add more to before {@code log(...)}. */
    public LoggingEventBuilder at(Level level, PodContext pod) {
        LoggingEventBuilder b = log.atLevel(level);
        return pod == null || pod.value().equals(MDC.get(PodContext.KEY))
                ? b
                : b.addKeyValue(PodContext.KEY, pod.value());
    }

    public void debug(PodContext pod, String format, Object... args) {
        emit(Level.DEBUG, pod, format, args);
    }

    public void info(PodContext pod, String format, Object... args) {
        emit(Level.INFO, pod, format, args);
    }

    public void warn(PodContext pod, String format, Object... args) {
        emit(Level.WARN, pod, format, args);
    }

    public void error(PodContext pod, String format, Object... args) {
        emit(Level.ERROR, pod, format, args);
    }

    /** As the classic API does, a trailing {@link Throwable} is the line's cause (logged with its stack trace). */
    private void emit(Level level, PodContext pod, String format, Object[] args) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        LoggingEventBuilder b = at(level, pod);
        Object[] a = args;
        if (a.length > 0 && a[a.length - 1] instanceof Throwable t) {
            b = b.setCause(t);
            a = java.util.Arrays.copyOf(a, a.length - 1);
        }
        b.log(format, a);
    }

    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }
}

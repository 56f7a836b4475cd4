package io.kubetron.common.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.spi.LoggingEventAware;

class PodLoggerTest {
    /** Keeps the events it is given, as a backend would see them. */
    static final class Recording extends AbstractLogger implements LoggingEventAware {
        private static final long serialVersionUID = 1L;
        final transient List<LoggingEvent> events = new ArrayList<>();
        Level threshold = Level.INFO;

        @Override
        public void log(LoggingEvent event) {
            events.add(event);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
            throw new AssertionError("the pod logger uses the fluent API");
        }

        private boolean on(Level l) {
            return l.toInt() >= threshold.toInt();
        }

        @Override
        public boolean isTraceEnabled() {
            return on(Level.TRACE);
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return on(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return on(Level.DEBUG);
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return on(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return on(Level.INFO);
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return on(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return on(Level.WARN);
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return on(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return on(Level.ERROR);
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return on(Level.ERROR);
        }
    }

    private final Recording backend = new Recording();
    private final PodLogger log = PodLogger.of(backend);
    private final PodContext web = PodContext.of("default", "web");

    @Test
    void everyLineAboutAPodCarriesItAsAKeyValuePair() {
        log.info(web, "networks ready uid={} ms={}", "u1", 42);
        LoggingEvent e = backend.events.getFirst();
        assertThat(e.getLevel()).isEqualTo(Level.INFO);
        assertThat(e.getMessage()).isEqualTo("networks ready uid={} ms={}");
        assertThat(e.getArguments()).containsExactly("u1", 42);
        assertThat(e.getKeyValuePairs()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("pod");
            assertThat(kv.value).isEqualTo("default/web");
        });
    }

    @Test
    void aTrailingThrowableIsTheCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        log.error(web, "unexpected failure request={}", "r1", boom);
        LoggingEvent e = backend.events.getFirst();
        assertThat(e.getThrowable()).isSameAs(boom);
        assertThat(e.getArguments()).containsExactly("r1");
    }

    @Test
    void disabledLevelsCostNothing() {
        log.debug(web, "not shown {}", 1);
        assertThat(backend.events).isEmpty();
        assertThat(log.isDebugEnabled()).isFalse();
    }

    @Test
    void namesThePodAsNamespaceSlashName() {
        assertThat(web.value()).isEqualTo("default/web");
        assertThat(PodContext.of("ns", null).value()).isEqualTo("ns/");
        // slf4j's no-op MDC (no backend in this module's tests) keeps nothing: the key-value pair carries it
        assertThat(web.within(() -> {
                    log.warn(web, "in scope");
                    return "done";
                }))
                .isEqualTo("done");
        assertThat(backend.events.getFirst().getKeyValuePairs()).hasSize(1);
    }
}

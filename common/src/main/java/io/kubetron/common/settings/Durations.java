package io.kubetron.common.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration format of every setting, as Kubernetes users write them: a number and a unit ({@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 1h}), several of them in a row ({@code 1m30s}), or {@code 0}. ISO-8601
 * ({@code PT90S}) is accepted too, because {@code kubetron gc --grace} took it before; it is never printed.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    static final String EXAMPLES = "500ms, 30s, 5m, 1h or 1m30s";

    private Durations() {}

    /** @throws IllegalArgumentException when {@code text} is none of the forms above, or negative */
    public static Duration parse(String text) {
        String t = text.strip();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.startsWith("P") || t.startsWith("p")) {
            return iso(text, t);
        }
        Matcher m = PART.matcher(t);
        Duration d = Duration.ZERO;
        int at = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(
                    switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        default -> Duration.ofHours(n);
                    });
            at = m.end();
        }
        if (t.isEmpty() || at != t.length()) {
            throw notADuration(text);
        }
        return d;
    }

    private static Duration iso(String text, String t) {
        try {
            Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw notADuration(text);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw notADuration(text);
        }
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration such as " + EXAMPLES);
    }

    /** The canonical form: hours, minutes, seconds, milliseconds, each only when not zero ({@code 1m30s}). */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        StringBuilder b = new StringBuilder();
        long[] sizes = {3_600_000, 60_000, 1000, 1};
        String[] units = {"h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                b.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return b.toString();
    }
}

package io.kubetron.common.settings;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a setting's text becomes a value and back. The parser throws {@link IllegalArgumentException} with a message
 * that says what is wrong with the text (the key and its source are added by {@link Settings}).
 *
 * @param label what the value looks like, for {@code --help} and the docs ({@code N}, {@code DURATION}...)
 * @param parser text (stripped, never blank) to value
 * @param printer value to its canonical text (for the start-up log line)
 * @param shape how a flag takes it
 * @param <T> the value's type
 */
public record SettingType<T>(String label, Function<String, T> parser, Function<T, String> printer, Shape shape) {

    /** How a flag takes the value. */
    public enum Shape {
        /** {@code --key VALUE}. */
        VALUE,
        /** {@code --key}, {@code --no-key}, {@code --key=false}. */
        SWITCH,
        /** {@code --key a,b}, repeatable. */
        LIST
    }

    public T parse(String text) {
        return parser.apply(text);
    }

    public String print(T value) {
        return printer.apply(value);
    }

    /** Any type: {@code parser} throws {@link IllegalArgumentException} for a wrong text. */
    public static <T> SettingType<T> of(String label, Function<String, T> parser, Function<T, String> printer) {
        return new SettingType<>(label, parser, printer, Shape.VALUE);
    }

    public static SettingType<String> text(String label) {
        return of(label, t -> t, t -> t);
    }

    /** Text matching {@code pattern}, else "'x' is not {@code what}". */
    public static SettingType<String> matching(String label, Pattern pattern, String what) {
        return of(
                label,
                t -> {
                    if (!pattern.matcher(t).matches()) {
                        throw new IllegalArgumentException("'" + t + "' is not " + what);
                    }
                    return t;
                },
                t -> t);
    }

    /** One of {@code choices}, case-insensitive, as lower case. */
    public static SettingType<String> oneOf(String... choices) {
        List<String> all = Arrays.asList(choices);
        return of(
                String.join("|", all),
                t -> {
                    String v = t.toLowerCase(Locale.ROOT);
                    if (!all.contains(v)) {
                        throw new IllegalArgumentException("'" + t + "' is not " + either(all));
                    }
                    return v;
                },
                t -> t);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static SettingType<Integer> integer(int min, int max) {
        return of(
                "N",
                t -> {
                    int n;
                    try {
                        n = Integer.parseInt(t);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + t + "' is not a whole number");
                    }
                    if (n < min || n > max) {
                        throw new IllegalArgumentException(n + " is outside " + min + "-" + max);
                    }
                    return n;
                },
                n -> Integer.toString(n));
    }

    /** {@code true} or {@code false}. */
    public static SettingType<Boolean> bool() {
        return new SettingType<>(
                "true|false",
                t -> switch (t.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("'" + t + "' is not true or false");
                },
                b -> Boolean.toString(b),
                Shape.SWITCH);
    }

    /** A duration of {@link Durations}, at least {@code min}. */
    public static SettingType<Duration> duration(Duration min) {
        return of(
                "DURATION",
                t -> {
                    Duration d = Durations.parse(t);
                    if (d.compareTo(min) < 0) {
                        throw new IllegalArgumentException(Durations.format(d) + " is below " + Durations.format(min));
                    }
                    return d;
                },
                Durations::format);
    }

    /** Any file path. */
    public static SettingType<Path> path(String label) {
        return of(label, Path::of, Path::toString);
    }

    /** An absolute path, normalized. */
    public static SettingType<Path> absolutePath(String label) {
        return of(
                label,
                t -> {
                    if (!t.startsWith("/")) {
                        throw new IllegalArgumentException("'" + t + "' is not an absolute path");
                    }
                    return Path.of(t).normalize();
                },
                Path::toString);
    }

    /** Comma-separated words ({@code a,b}); blanks between commas are dropped. */
    public static SettingType<List<String>> list(String label) {
        return new SettingType<>(
                label + "[," + label + "...]",
                t -> Arrays.stream(t.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                l -> String.join(",", l),
                Shape.LIST);
    }

    /** {@code HOST:PORT} (port 0: any free one), or {@code off} for none. The host is not looked up. */
    public static SettingType<Optional<InetSocketAddress>> addressOrOff() {
        return of(
                "HOST:PORT|off",
                t -> {
                    if (t.equalsIgnoreCase("off")) {
                        return Optional.empty();
                    }
                    int colon = t.lastIndexOf(':');
                    int port = -1;
                    try {
                        port = colon < 1 ? -1 : Integer.parseInt(t.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("'" + t + "' is not HOST:PORT or off");
                    }
                    return Optional.of(InetSocketAddress.createUnresolved(t.substring(0, colon), port));
                },
                a -> a.map(x -> x.getHostString() + ":" + x.getPort()).orElse("off"));
    }

    static String either(List<String> all) {
        if (all.size() == 1) {
            return all.getFirst();
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.getLast();
    }
}

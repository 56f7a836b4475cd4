package io.kubetron.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@code lab status} shows.
 *
 * @param config the lab
 * @param daemons every daemon, running or not
 */
public record LabStatus(LabConfig config, List<Daemon> daemons) {

    public LabStatus {
        daemons = List.copyOf(daemons);
    }

    /** All daemons are running. */
    public boolean up() {
        return daemons.stream().allMatch(d -> d.pid().isPresent());
    }

    /** Nothing is running. */
    public boolean down() {
        return daemons.stream().noneMatch(d -> d.pid().isPresent());
    }

    /**
     * One daemon.
     *
     * @param name daemon id
     * @param pid its PID when running
     * @param rssKb resident memory when running
     * @param log its log file
     */
    public record Daemon(String name, OptionalLong pid, OptionalLong rssKb, Path log) {
    }

    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("lab ").append(config.name()).append(": ")
                .append(up() ? "up" : down() ? "down" : "partly running (run 'kubetron lab down' then 'up')")
                .append(" (state ").append(config.dir()).append(")\n");
        long total = 0;
        for (Daemon d : daemons) {
            if (d.pid().isPresent()) {
                long rss = d.rssKb().orElse(0);
                total += rss;
                b.append(String.format("  %-15s pid %-8d RSS %7d KiB  log %s%n", d.name(), d.pid().getAsLong(), rss,
                        d.log()));
            } else {
                b.append(String.format("  %-15s not running%n", d.name()));
            }
        }
        if (!down()) {
            b.append(String.format("  total RSS %d MiB; logs in %s%n", total / 1024, config.logDir()));
        } else {
            b.append("  logs of the last run: ").append(config.lastLogsDir()).append('\n');
        }
        return b.toString();
    }
}

package io.kubetron.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@code lab status} shows.
 *
 * @param config the lab
 * @param daemons every daemon, running or not
 * @param nodes every node with its chassis's registration
 */
public record LabStatus(LabConfig config, List<Daemon> daemons, List<NodeStatus> nodes) {

    public LabStatus {
        daemons = List.copyOf(daemons);
        nodes = List.copyOf(nodes);
    }

    /** Without node rows. */
    public LabStatus(LabConfig config, List<Daemon> daemons) {
        this(config, daemons, List.of());
    }

    /** All daemons are running and every node's chassis is registered in the Southbound DB. */
    public boolean up() {
        return daemons.stream().allMatch(d -> d.pid().isPresent())
                && nodes.stream().allMatch(NodeStatus::registered);
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
    public record Daemon(String name, OptionalLong pid, OptionalLong rssKb, Path log) {}

    /**
     * One node.
     *
     * @param node the node
     * @param registered whether its chassis is in the Southbound DB (false when that cannot be read)
     */
    public record NodeStatus(LabNode node, boolean registered) {}

    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("lab ")
                .append(config.name())
                .append(": ")
                .append(up() ? "up" : down() ? "down" : "partly running (run 'kubetron lab down' then 'up')")
                .append(" (state ")
                .append(config.dir())
                .append(")\n");
        // node daemons have longer names (node1/ovs-vswitchd); the single-node table keeps its width
        int width = Math.max(
                15, daemons.stream().mapToInt(d -> d.name().length()).max().orElse(0));
        long total = 0;
        for (Daemon d : daemons) {
            if (d.pid().isPresent()) {
                long rss = d.rssKb().orElse(0);
                total += rss;
                b.append(String.format(
                        "  %-" + width + "s pid %-8d RSS %7d KiB  log %s%n",
                        d.name(),
                        d.pid().getAsLong(),
                        rss,
                        d.log()));
            } else {
                b.append(String.format("  %-" + width + "s not running%n", d.name()));
            }
        }
        if (!down()) {
            b.append(String.format("  total RSS %d MiB; logs in %s%n", total / 1024, config.logDir()));
            for (NodeStatus n : nodes) {
                b.append(String.format(
                        "  %-6s chassis %-16s %-18s encap %-15s namespace %s%n",
                        n.node().name(),
                        n.node().chassis(),
                        n.registered() ? "registered in SB" : "NOT registered",
                        n.node().encapIp(),
                        n.node().netns()));
            }
        } else {
            b.append("  logs of the last run: ").append(config.lastLogsDir()).append('\n');
        }
        return b.toString();
    }
}

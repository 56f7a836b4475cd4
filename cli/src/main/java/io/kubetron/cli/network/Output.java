package io.kubetron.cli.network;

import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** Human tables by default, JSON for scripts. */
final class Output {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    void networks(java.io.PrintWriter out, List<Network> networks) {
        if (json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Network n : networks) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", n.id());
                m.put("name", n.name());
                m.put("type", n.physical() ? "physical" : "overlay");
                m.put("physnet", n.physicalNetwork());
                m.put("vlan", n.vlan());
                m.put("mtu", n.mtu());
                m.put("subnets", n.subnets());
                rows.add(m);
            }
            print(out, rows);
            return;
        }
        Table t = new Table("NAME", "TYPE", "SUBNET", "GATEWAY", "PHYSNET", "VLAN", "ID");
        for (Network n : networks) {
            Network.Subnet s = n.subnets().isEmpty() ? null : n.subnets().get(0);
            t.row(
                    n.name(),
                    n.physical() ? "physical" : "overlay",
                    s == null ? "-" : s.cidr(),
                    s == null || s.gateway() == null ? "-" : s.gateway(),
                    dash(n.physicalNetwork()),
                    n.vlan() == null ? "-" : n.vlan().toString(),
                    n.id());
        }
        out.print(t.render());
        out.flush();
    }

    void ports(java.io.PrintWriter out, List<BackendPort> ports) {
        if (json()) {
            print(out, ports);
            return;
        }
        Table t = new Table("OWNER", "NETWORK", "NAME", "MAC", "IPS", "ID");
        for (BackendPort p : ports) {
            t.row(
                    p.owner() == null ? "-" : p.owner().display(),
                    dash(p.networkName()),
                    dash(p.name()),
                    dash(p.macAddress()),
                    p.fixedIps().isEmpty() ? "-" : String.join(",", p.fixedIps()),
                    p.id());
        }
        out.print(t.render());
        out.flush();
    }

    private boolean json() {
        return switch (format) {
            case "json" -> true;
            case "table" -> false;
            default -> throw new IllegalArgumentException("unknown output '" + format + "': use table or json");
        };
    }

    private static void print(java.io.PrintWriter out, Object o) {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        out.flush();
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}

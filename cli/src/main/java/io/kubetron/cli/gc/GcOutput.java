package io.kubetron.cli.gc;

import io.kubetron.cli.network.Table;
import io.kubetron.lifecycle.decision.Decision;
import io.kubetron.lifecycle.sweep.Orphan;
import io.kubetron.lifecycle.sweep.SweepReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** What {@code kubetron gc} prints: a table of orphans and a summary line, or JSON for scripts. */
final class GcOutput {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    void check() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new IllegalArgumentException("unknown output '" + format + "': use table or json");
        }
    }

    void print(PrintWriter out, SweepReport r) {
        if (format.equals("json")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dryRun", r.dryRun());
            m.put("ports", r.ports());
            m.put("pods", r.pods());
            List<Map<String, Object>> orphans = new ArrayList<>();
            for (Orphan o : r.orphans()) {
                Decision d = o.decision();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", d.port().id());
                row.put("name", d.port().name());
                row.put("network", d.port().networkName());
                row.put("owner", d.port().owner().display());
                row.put("reason", d.reason().label());
                row.put("action", action(o));
                row.put("detail", d.detail());
                if (o.error() != null) {
                    row.put("error", o.error());
                }
                orphans.add(row);
            }
            m.put("orphans", orphans);
            m.put("inGrace", r.inGrace().size());
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        } else {
            Table t = new Table("ACTION", "REASON", "OWNER", "NETWORK", "NAME", "ID", "DETAIL");
            for (Orphan o : r.orphans()) {
                Decision d = o.decision();
                t.row(
                        action(o),
                        d.reason().label(),
                        d.port().owner().display(),
                        dash(d.port().networkName()),
                        dash(d.port().name()),
                        d.port().id(),
                        o.error() == null ? d.detail() : d.detail() + "; error: " + o.error());
            }
            if (t.size() > 0) {
                out.print(t.render());
            }
            out.println(r.ports() + " owned port(s), " + r.pods() + " Pod(s): "
                    + r.orphans().size() + " orphan(s)"
                    + (r.dryRun() ? " would be deleted (dry run)" : ", " + r.count(Orphan.Outcome.DELETED) + " deleted")
                    + ", " + r.inGrace().size() + " kept within the grace period");
        }
        out.flush();
    }

    private static String action(Orphan o) {
        return o.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}

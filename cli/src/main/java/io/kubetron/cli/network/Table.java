package io.kubetron.cli.network;

import java.util.ArrayList;
import java.util.List;

/** A plain text table with left-aligned columns, as kubectl prints them. */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();

    public Table(String... header) {
        rows.add(header);
    }

    public void row(String... cells) {
        rows.add(cells);
    }

    /** Rows besides the header. */
    public int size() {
        return rows.size() - 1;
    }

    public String render() {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 3) + "s", r[i]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}

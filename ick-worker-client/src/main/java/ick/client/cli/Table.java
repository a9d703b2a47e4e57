package ick.client.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain text table: a header line and rows, columns padded to their widest cell. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(Object... cells) {
        rows.add(Arrays.stream(cells).map(Table::text).toArray(String[]::new));
        return this;
    }

    boolean isEmpty() {
        return rows.size() == 1;
    }

    void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** Times to the second in UTC; absent values as "-". */
    private static String text(Object cell) {
        if (cell == null) {
            return "-";
        }
        if (cell instanceof Instant t) {
            return t.truncatedTo(ChronoUnit.SECONDS).toString();
        }
        if (cell instanceof List<?> list) {
            return list.isEmpty() ? "-" : String.join(",", list.stream().map(String::valueOf).toList());
        }
        String s = cell.toString();
        return s.isEmpty() ? "-" : s;
    }
}

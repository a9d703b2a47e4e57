package ick.web.ui;

import java.util.Locale;

/** Byte counts as people read them. */
final class Sizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private Sizes() {
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 20 MiB}, {@code 3.2 GiB}: one decimal below 10 units. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
    }
}

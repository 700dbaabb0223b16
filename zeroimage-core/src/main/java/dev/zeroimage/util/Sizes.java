package dev.zeroimage.util;

import java.util.Locale;

/** Byte counts as people read them (decimal units, as docker and skopeo print). */
public final class Sizes {
    private Sizes() {
    }

    private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        int unit = unitOf(bytes);
        return String.format(Locale.ROOT, "%.1f %s", bytes / scaleOf(unit), UNITS[unit]);
    }

    /** The index in UNITS that shows {@code bytes} (at least 1000) as 1.0 to 999.9. */
    private static int unitOf(long bytes) {
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit;
    }

    private static double scaleOf(int unit) {
        return Math.pow(1000, unit + 1);
    }

    /**
     * A progress line's numbers in one unit style: done in the total's unit, then the rate, whole
     * numbers from 10 up: {@code 12.3 MB of 36.5 MB, 40 MB/s} (without a total: {@code 12.3 MB, 40 MB/s}).
     */
    public static String progress(long done, long total, double bytesPerSecond) {
        String amount = total > 0 ? inUnitOf(done, total) + " of " + human(total) : human(done);
        return amount + ", " + rate(bytesPerSecond);
    }

    /** {@code bytes} in the unit {@link #human} picks for {@code reference}. */
    static String inUnitOf(long bytes, long reference) {
        if (reference < 1000) {
            return bytes + " B";
        }
        int unit = unitOf(reference);
        return String.format(Locale.ROOT, "%.1f %s", bytes / scaleOf(unit), UNITS[unit]);
    }

    /** {@code 40 MB/s}, {@code 4.5 MB/s}, {@code 800 B/s}. */
    static String rate(double bytesPerSecond) {
        long bytes = (long) bytesPerSecond;
        if (bytes < 1000) {
            return bytes + " B/s";
        }
        int unit = unitOf(bytes);
        double value = bytes / scaleOf(unit);
        return String.format(Locale.ROOT, value >= 10 ? "%.0f %s/s" : "%.1f %s/s", value, UNITS[unit]);
    }
}

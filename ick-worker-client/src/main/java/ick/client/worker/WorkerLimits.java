package ick.client.worker;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of its host's disk and memory a worker's caches and actions may take, from the worker's configuration.
 *
 * @param systreeCacheMaxBytes the size of the system-tree cache above which the least recently used trees go
 *                             ({@code systree-cache-max-size}; {@link SystreeCache})
 * @param containerTmpfsBytes  the most each file system in memory of a container holds: the writable layer
 *                             over its system tree, its {@code /tmp} ({@code container-tmpfs-size}; {@link Sandbox})
 */
public record WorkerLimits(long systreeCacheMaxBytes, long containerTmpfsBytes) {
    /**
     * What a configuration that says nothing gets: room for a handful of Debian system trees, and for a large
     * package installation in a container (the kernel's own default for a tmpfs is half the memory, for each).
     */
    public static final WorkerLimits DEFAULTS = new WorkerLimits(10L << 30, 4L << 30);

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})([KMGT]?)");

    /** A size as the configuration writes it: bytes, or with K, M, G or T (powers of 1024); null if it is not one. */
    public static Long bytes(String size) {
        Matcher m = SIZE.matcher(size.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        int shift = m.group(2).isEmpty() ? 0 : 10 * ("KMGT".indexOf(m.group(2)) + 1);
        return Long.parseLong(m.group(1)) << shift;
    }
}

package ick.client.worker;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of its host's disk and memory a worker's caches and actions may take, from the worker's configuration.
 *
 * @param systreeCacheMaxBytes the size of the system-tree cache above which the least recently used trees go
 *                             ({@code systree-cache-max-size}; {@link SystreeCache}); 0 keeps only the trees in
 *                             use and the last one populated
 * @param containerTmpfsBytes  the most each file system in memory of a container holds: the writable layer
 *                             over its system tree, its {@code /tmp} ({@code container-tmpfs-size}; {@link Sandbox}),
 *                             at least {@link #MIN_CONTAINER_TMPFS_BYTES}
 */
public record WorkerLimits(long systreeCacheMaxBytes, long containerTmpfsBytes) {
    /** A tmpfs of size 0 is one without a limit to the kernel, and a container needs some room in memory. */
    public static final long MIN_CONTAINER_TMPFS_BYTES = 1L << 20;

    /**
     * What a configuration that says nothing gets: room for a handful of Debian system trees, and for a large
     * package installation in a container (the kernel's own default for a tmpfs is half the memory, for each).
     */
    public static final WorkerLimits DEFAULTS = new WorkerLimits(10L << 30, 4L << 30);

    public WorkerLimits {
        if (systreeCacheMaxBytes < 0 || containerTmpfsBytes < MIN_CONTAINER_TMPFS_BYTES) {
            throw new IllegalArgumentException("limits out of range: " + systreeCacheMaxBytes + ", " + containerTmpfsBytes);
        }
    }

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})([KMGT]?)");

    /**
     * A size as the configuration writes it: bytes, or with K, M, G or T (powers of 1024); null if it is not one.
     *
     * @throws ArithmeticException if it is more bytes than a long holds (8388607T)
     */
    public static Long bytes(String size) {
        Matcher m = SIZE.matcher(size.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        int shift = m.group(2).isEmpty() ? 0 : 10 * ("KMGT".indexOf(m.group(2)) + 1);
        return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
    }
}

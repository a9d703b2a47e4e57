package ick.blob;

import ick.protocol.BlobInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One page of the blob store as a person browses it: the blobs of a name prefix, sorted, a slice of them, each
 * with the projects that keep it from retention ({@link BlobReferences}). Pure.
 *
 * @param blobs      the slice shown
 * @param total      how many blobs have the prefix
 * @param totalBytes how many bytes they hold together
 * @param offset     where the slice starts among them
 */
public record BlobListing(List<Entry> blobs, int total, long totalBytes, int offset) {
    /** How the blobs are ordered; each in ascending order, or descending. */
    public enum Sort {
        NAME(Comparator.comparing(BlobInfo::name)),
        SIZE(Comparator.comparingLong(BlobInfo::size).thenComparing(BlobInfo::name)),
        /** When the name was last written. */
        STORED(Comparator.comparing(BlobInfo::modified).thenComparing(BlobInfo::name));

        private final Comparator<BlobInfo> order;

        Sort(Comparator<BlobInfo> order) {
            this.order = order;
        }

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code name}, {@code size} or {@code stored}; empty for anything else. */
        public static Optional<Sort> fromJson(String text) {
            for (Sort sort : values()) {
                if (sort.json().equals(text)) {
                    return Optional.of(sort);
                }
            }
            return Optional.empty();
        }
    }

    /** A blob and the projects whose workspace, system tree or {@code blob:} steps name it. */
    public record Entry(BlobInfo blob, List<String> keptFor) {
    }

    public boolean more() {
        return offset + blobs.size() < total;
    }

    /**
     * @param all      every blob of the prefix
     * @param keptFor  blob name to the projects that reference it
     */
    public static BlobListing of(List<BlobInfo> all, Map<String, List<String>> keptFor, Sort sort,
                                 boolean descending, int offset, int limit) {
        Comparator<BlobInfo> order = descending ? sort.order.reversed() : sort.order;
        List<BlobInfo> sorted = all.stream().sorted(order).toList();
        int from = Math.min(Math.max(0, offset), sorted.size());
        int to = Math.min(sorted.size(), from + Math.max(0, limit));
        List<Entry> slice = sorted.subList(from, to).stream()
                .map(b -> new Entry(b, keptFor.getOrDefault(b.name(), List.of()))).toList();
        return new BlobListing(slice, sorted.size(), all.stream().mapToLong(BlobInfo::size).sum(), from);
    }
}

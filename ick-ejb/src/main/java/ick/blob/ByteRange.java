package ick.blob;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of bytes, {@code first} to {@code last} inclusive, as in HTTP's {@code Range} and
 * {@code Content-Range} headers (RFC 9110 section 14).
 */
public record ByteRange(long first, long last) {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18})");

    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad range " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /**
     * The range a {@code Range} header asks of a blob of {@code size} bytes.
     *
     * @return empty when the header is absent, malformed or asks for several ranges (the whole blob is then
     *         sent, as RFC 9110 allows)
     * @throws UnsatisfiableRangeException when the range lies wholly past the end (416)
     */
    public static Optional<ByteRange> ofRangeHeader(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        if (m.group(1).isEmpty()) { // bytes=-N: the last N bytes
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0 || size == 0) {
                throw new UnsatisfiableRangeException(size);
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
            return Optional.empty(); // invalid: ignored
        }
        if (first >= size) {
            throw new UnsatisfiableRangeException(size);
        }
        return Optional.of(new ByteRange(first, last));
    }

    /** A {@code Content-Range: bytes FIRST-LAST/TOTAL} of an upload part. */
    public record Part(ByteRange range, long total) {
    }

    /**
     * The part an upload's {@code Content-Range} header says it carries.
     *
     * @return empty when the header is absent (the body is the whole blob)
     * @throws IllegalArgumentException when it is malformed or inconsistent
     */
    public static Optional<Part> ofContentRange(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(header.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("Content-Range must be \"bytes FIRST-LAST/TOTAL\", not \""
                    + header.strip() + "\"");
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        long total = Long.parseLong(m.group(3));
        if (last < first || last >= total) {
            throw new IllegalArgumentException("Content-Range " + header.strip()
                    + " is inconsistent (need FIRST <= LAST < TOTAL)");
        }
        return Optional.of(new Part(new ByteRange(first, last), total));
    }

    /** The {@code Content-Range} header of a 206 answer. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}

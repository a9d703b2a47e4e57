package ick.blob;

/** A {@code Range} wholly past the end of a blob: 416, with the blob's size. */
public class UnsatisfiableRangeException extends RuntimeException {
    private final long size;

    public UnsatisfiableRangeException(long size) {
        super("the range lies past the end of the blob (" + size + " bytes)");
        this.size = size;
    }

    public long size() {
        return size;
    }
}

package ick.blob;

/** An upload part does not start where the held partial ends (409); {@link #offset()} says where it does. */
public class OffsetMismatchException extends RuntimeException {
    private final long offset;

    public OffsetMismatchException(String name, long asked, long offset) {
        super("the upload of " + name + " holds " + offset + " bytes; a part starting at " + asked
                + " does not fit (resume at " + offset + ")");
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}

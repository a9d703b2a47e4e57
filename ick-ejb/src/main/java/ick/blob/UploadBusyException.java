package ick.blob;

/** Another upload of the same blob is in progress (409): try again when it has ended. */
public class UploadBusyException extends RuntimeException {
    public UploadBusyException(String name) {
        super("another upload of " + name + " is in progress; try again when it has ended");
    }
}

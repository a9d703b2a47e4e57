package ick.apt;

import jakarta.ejb.ApplicationException;

/**
 * An upload whose {@code .changes} is not signed by one of the uploader keys ({@code ick.apt.uploaders}):
 * unsigned, signed by another key, or with a signature that does not verify. Nothing is published; the web
 * layer answers 403.
 */
@ApplicationException(rollback = true)
public class UploadForbiddenException extends RuntimeException {
    public UploadForbiddenException(String message) {
        super(message);
    }
}

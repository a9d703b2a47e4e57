package ick.apt;

import jakarta.ejb.ApplicationException;

/**
 * The repository cannot do its work now: a tool is missing, failed on the server's side, or took too long.
 * Nothing was published; the web layer answers 503 and the caller may try again.
 */
@ApplicationException(rollback = true)
public class AptUnavailableException extends RuntimeException {
    public AptUnavailableException(String message) {
        super(message);
    }
}

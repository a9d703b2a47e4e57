package ick.problem;

import jakarta.ejb.ApplicationException;

/** The request names a project, pipeline, build or worker that does not exist. */
@ApplicationException(rollback = true)
public class NoSuchItemException extends RuntimeException {
    public NoSuchItemException(String message) {
        super(message);
    }
}

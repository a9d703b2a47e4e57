package ick.problem;

import jakarta.ejb.ApplicationException;

/** The request is well-formed but the current state forbids it (e.g. reporting on an action one does not hold). */
@ApplicationException(rollback = true)
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}

package ick.problem;

import jakarta.ejb.ApplicationException;
import java.util.List;

/** The input breaks the rules; {@link #errors()} says every way it does, one line each, naming the item. */
@ApplicationException(rollback = true)
public class InvalidInputException extends RuntimeException {
    private final List<String> errors;

    public InvalidInputException(String message, List<String> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String message) {
        this(message, List.of(message));
    }

    public List<String> errors() {
        return errors;
    }
}

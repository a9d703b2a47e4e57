package ick.build;

import ick.problem.ConflictException;

/** A build or action was asked to move to a state it cannot reach from where it stands. */
public class IllegalTransitionException extends ConflictException {
    public IllegalTransitionException(String message) {
        super(message);
    }
}

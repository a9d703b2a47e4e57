package ick.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import ick.problem.ConflictException;
import ick.problem.InvalidInputException;
import ick.problem.NoSuchItemException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Finds a failure ick knows how to answer inside another (RESTEasy wraps body-reading errors, the container may
 * wrap EJB ones), so that it gets its own status rather than 500.
 */
final class KnownFailures {
    /** PostgreSQL: unique violation, serialization failure, deadlock. */
    private static final java.util.Set<String> CONCURRENT = java.util.Set.of("23505", "40001", "40P01");

    private KnownFailures() {
    }

    /**
     * PostgreSQL down or restarting: connection exceptions (class 08) and the server shutting down or not yet
     * accepting connections (57P01-57P03). The pool's validation drops dead connections, so the next
     * request after the database is back succeeds: the client should simply retry.
     */
    static boolean databaseUnavailable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P0"));
    }

    static Optional<Response> answer(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof InvalidInputException e) {
                return Optional.of(new InvalidInputMapper().toResponse(e));
            }
            if (t instanceof NoSuchItemException e) {
                return Optional.of(new NoSuchItemMapper().toResponse(e));
            }
            if (t instanceof ConflictException e) {
                return Optional.of(new ConflictMapper().toResponse(e));
            }
            if (t instanceof JsonProcessingException e) {
                return Optional.of(new JsonInputMapper().toResponse(e));
            }
            if (t instanceof BodyTooLargeException e) {
                return Optional.of(new BodyTooLargeMapper().toResponse(e));
            }
            if (t instanceof SQLException e && e.getSQLState() != null && CONCURRENT.contains(e.getSQLState())) {
                return Optional.of(Problems.of(409, "a concurrent change conflicted with this one; try again"));
            }
            if (t instanceof SQLException e && databaseUnavailable(e.getSQLState())) {
                return Optional.of(Problems.builder(503, "the database is not available; try again shortly", null)
                        .header("Retry-After", "5").build());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}

package ick.client.http;

import ick.protocol.Problem;

/**
 * The controller (or the token endpoint) answered with an error status. Carries the answer as a
 * {@link Problem}: the server's own, or one made from the status and body when the answer was not
 * {@code application/problem+json} (e.g. from a proxy).
 */
public final class ProblemException extends ApiException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(describe(problem), null);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    /** 5xx: the controller failed; a 4xx is a refusal that repeating will not change. */
    @Override
    public boolean isRetryable() {
        return problem.status() >= 500;
    }

    private static String describe(Problem p) {
        StringBuilder text = new StringBuilder();
        text.append(p.title() == null || p.title().isBlank() ? "request failed" : p.title());
        text.append(" (HTTP ").append(p.status()).append(')');
        if (p.detail() != null && !p.detail().isBlank() && !p.detail().equals(p.title())) {
            text.append(": ").append(p.detail());
        }
        if (p.errors() != null) {
            p.errors().forEach(e -> text.append(System.lineSeparator()).append("  ").append(e));
        }
        return text.toString();
    }
}

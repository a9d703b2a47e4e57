package ick.client.http;

/** A call to the controller or the token endpoint that did not succeed. */
public abstract sealed class ApiException extends RuntimeException permits ProblemException, UnreachableException {
    ApiException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @return whether the same call may succeed later without anything changing on this side: the
     *         controller was unreachable or failed (5xx), as opposed to refusing the request (4xx)
     */
    public abstract boolean isRetryable();
}

package ick.identity;

/** A token request refused, with the OAuth2 error code (RFC 6749, section 5.2) the client gets. */
public class TokenRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The OAuth2 error codes ick answers with. */
    public enum Error {
        /** A parameter is missing, repeated or malformed. */
        INVALID_REQUEST("invalid_request"),
        /** Unknown client or wrong secret (which one is not said). */
        INVALID_CLIENT("invalid_client"),
        /** Anything but {@code client_credentials} and {@code authorization_code}. */
        UNSUPPORTED_GRANT_TYPE("unsupported_grant_type"),
        /** An authorization code that is unknown, used, expired, or not matched by the PKCE verifier. */
        INVALID_GRANT("invalid_grant"),
        /** A scope asked for that the client does not have. */
        INVALID_SCOPE("invalid_scope");

        private final String code;

        Error(String code) {
            this.code = code;
        }

        /** As it appears in the {@code error} field of the answer. */
        public String code() {
            return code;
        }
    }

    private final Error error;

    public TokenRequestException(Error error, String description) {
        super(description);
        this.error = error;
    }

    public Error error() {
        return error;
    }
}

package ick.client.http;

import java.io.IOException;
import java.net.URI;

/** No answer came: the connection was refused or broke, a TLS handshake failed, or the call timed out. */
public final class UnreachableException extends ApiException {
    public UnreachableException(URI uri, IOException cause) {
        super("cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + " (" + describe(cause) + ")", cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }

    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.http.HttpTimeoutException) {
                return "timed out";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS failed: " + t.getMessage();
            }
            if (t.getMessage() != null) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}

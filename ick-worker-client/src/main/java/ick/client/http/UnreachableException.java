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
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String name = root.getClass().getSimpleName();
        return root.getMessage() == null ? name : name + ": " + root.getMessage();
    }
}

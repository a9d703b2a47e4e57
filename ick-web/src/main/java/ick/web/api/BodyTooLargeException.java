package ick.web.api;

import java.io.IOException;

/** A request body passed {@link BodySizeLimit#MAX_BYTES} while it was being read. */
public class BodyTooLargeException extends IOException {
    public BodyTooLargeException() {
        super("the request body is larger than " + BodySizeLimit.MAX_BYTES + " bytes");
    }
}

package ick.web.api;

import java.io.IOException;

/** A request body passed its limit ({@link BodySizeLimit#MAX_BYTES} for JSON) while it was being read. */
public class BodyTooLargeException extends IOException {
    public BodyTooLargeException() {
        this(BodySizeLimit.MAX_BYTES);
    }

    public BodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}

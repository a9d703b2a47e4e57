package ick.web.api;

import io.undertow.io.BufferWritableOutputStream;
import io.undertow.servlet.handlers.ServletRequestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

/**
 * A response's body as a channel that hands the caller's buffers to Undertow's connection as they are: the
 * counterpart of {@link RequestBody}. Through JAX-RS's stream, a blob's bytes would be copied from a direct
 * buffer into an array and from the array into Undertow's own buffer before the socket sees them. Where
 * Undertow's stream is not to be had, the body is JAX-RS's stream, as before.
 */
final class ResponseBody {
    private ResponseBody() {
    }

    /** Call from a {@code StreamingOutput}, with the stream it was given: its headers are sent first. */
    static WritableByteChannel of(OutputStream jaxrs) throws IOException {
        ServletRequestContext context = ServletRequestContext.current();
        if (context != null && context.getOriginalResponse().getOutputStream()
                instanceof BufferWritableOutputStream undertow) {
            jaxrs.flush(); // JAX-RS sets the status and headers on the response when its stream is first used
            return new Direct(undertow);
        }
        return Channels.newChannel(jaxrs);
    }

    private static final class Direct implements WritableByteChannel {
        private final BufferWritableOutputStream out;
        private boolean open = true;

        private Direct(BufferWritableOutputStream out) {
            this.out = out;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            out.write(src);
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false; // the response is Undertow's to end
        }
    }
}

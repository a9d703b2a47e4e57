package ick.web.api;

import io.undertow.servlet.handlers.ServletRequestContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * A request's body as a blocking channel that reads Undertow's connection straight into the caller's buffers. The
 * servlet's input stream reads the socket into a 16 KiB buffer of Undertow's and copies that into the caller's
 * array, which a file channel then copies again into a direct buffer: on a blob upload those two copies were 40%
 * of the request thread's CPU (docs/benchmarks.md). Where Undertow's channel is not to be had (another container,
 * or the body's stream was taken already), the body is the servlet's input stream, as before. Read timeouts and
 * {@code Expect: 100-continue} are Undertow's, as for the stream: both are in the channel's chain.
 */
final class RequestBody {
    private RequestBody() {
    }

    /** Call before anything reads the body (a JAX-RS {@code InputStream} parameter would). */
    static ReadableByteChannel of(HttpServletRequest request) throws IOException {
        ServletRequestContext context = ServletRequestContext.current();
        StreamSourceChannel channel = context == null ? null : context.getExchange().getRequestChannel();
        return channel == null ? Channels.newChannel(request.getInputStream()) : new Blocking(channel);
    }

    /** Undertow's channel is non-blocking: a read that finds nothing waits until something comes. */
    private record Blocking(StreamSourceChannel channel) implements ReadableByteChannel {
        @Override
        public int read(ByteBuffer into) throws IOException {
            int n;
            while ((n = channel.read(into)) == 0 && into.hasRemaining()) {
                channel.awaitReadable();
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}

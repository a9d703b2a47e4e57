package ick.web.api;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * Tells whether the client of a suspended request (a long poll) has closed its connection. Undertow does not
 * read from a connection while one of its requests is being answered, so a worker that stopped while it waited
 * goes unnoticed until the answer is written, and that write succeeds (the peer's reset comes after): an
 * action handed to it would be lost until its lease ran out. So this reads from the connection, without
 * waiting: end of stream means the client is gone. Only for HTTP/1.1 requests that have no body (a long poll
 * is a GET), whose connection carries nothing else until the answer; a byte that did come (a client sending
 * its next request early) is put back for Undertow to read.
 */
final class ClosedConnection {
    private ClosedConnection() {
    }

    /** A probe for the current request; one that never says "gone" when the request is of another kind. */
    static BooleanSupplier probe() {
        ServletRequestContext context = ServletRequestContext.current();
        HttpServerExchange exchange = context == null ? null : context.getExchange();
        if (exchange == null || !(exchange.getConnection() instanceof HttpServerConnection connection)
                || !exchange.isRequestComplete()) {
            return () -> false;
        }
        return () -> {
            try {
                return isClosed(connection);
            } catch (RuntimeException | LinkageError e) {
                return false; // cannot tell: as before, the answer is written and the lease covers the rest
            }
        };
    }

    private static boolean isClosed(HttpServerConnection connection) {
        if (!connection.isOpen()) {
            return true;
        }
        if (connection.getExtraBytes() != null) {
            return false; // the client already sent more: it is there
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            int read = connection.getChannel().getSourceChannel().read(one);
            if (read > 0) {
                one.flip();
                connection.ungetRequestBytes(new ImmediatePooledByteBuffer(one));
            }
            return read < 0;
        } catch (IOException e) {
            return true; // reset by the peer
        }
    }
}

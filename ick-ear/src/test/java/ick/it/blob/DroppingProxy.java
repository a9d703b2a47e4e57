package ick.it.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on the loopback that forwards to the controller and, once, drops a connection (RST) after it
 * has carried {@code cutAfter} bytes in one direction: towards the controller (a network that breaks in the
 * middle of an upload) or towards the client (in the middle of a download).
 */
final class DroppingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final long cutAfter;
    private final boolean cutUploads;
    private final AtomicBoolean cut = new AtomicBoolean();
    private final AtomicLong connections = new AtomicLong();

    /** Cuts an upload after {@code cutAfter} bytes. */
    DroppingProxy(int targetPort, long cutAfter) throws IOException {
        this(targetPort, cutAfter, true);
    }

    /** Cuts after {@code cutAfter} bytes towards the controller if {@code cutUploads}, else towards the client. */
    DroppingProxy(int targetPort, long cutAfter, boolean cutUploads) throws IOException {
        this.cutUploads = cutUploads;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.cutAfter = cutAfter;
        Thread accept = new Thread(this::accept, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    boolean hasCut() {
        return cut.get();
    }

    long connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // closed, or a connection that failed: the client sees it
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardsServer) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            long carried = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (towardsServer == cutUploads && carried + n > cutAfter && cut.compareAndSet(false, true)) {
                        out.write(buffer, 0, (int) (cutAfter - carried));
                        out.flush();
                        from.setSoLinger(true, 0); // RST, as a broken network would
                        to.setSoLinger(true, 0);
                        from.close();
                        to.close();
                        return;
                    }
                    out.write(buffer, 0, n);
                    carried += n;
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

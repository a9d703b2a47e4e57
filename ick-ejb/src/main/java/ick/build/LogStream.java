package ick.build;

/** Where a followed log goes, piece by piece (the web layer's Server-Sent Events sink). */
public interface LogStream {
    /** Sends a piece of log (or, when the build ended and nothing is left, the last word); false if the client left. */
    boolean send(LogSlice slice);

    /** The client left, or the build ended and everything was sent. */
    boolean isClosed();

    void close();
}

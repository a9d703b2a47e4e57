package ick.client.http;

/**
 * The JDK HTTP client's socket buffer for ick's client programs (the worker, icktool). The client reads and
 * writes the socket {@code jdk.httpclient.bufsize} bytes at a time (16 KiB by default) and passes each buffer
 * through its schedulers; with {@value #BYTES}, a few-MiB output call or answer takes 16 times fewer passes
 * (blob bodies no longer go through it: {@link StreamingHttp}). The property is read once, when the client's
 * classes are first used, and applies to the whole JVM: hence a call first thing in each program's main, and
 * no setting from inside a library. A value given on the command line ({@code -Djdk.httpclient.bufsize=})
 * wins.
 */
public final class HttpBuffers {
    static final String PROPERTY = "jdk.httpclient.bufsize";
    static final int BYTES = 256 * 1024;

    private HttpBuffers() {
    }

    /** Sets the JVM's HTTP client buffer to {@value #BYTES} bytes unless one was set; call before any HTTP use. */
    public static void enlarge() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(BYTES));
        }
    }
}

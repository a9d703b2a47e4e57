package ick.client.http;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Requests over {@link HttpURLConnection}: blob bodies, and the API's POSTs ({@link ApiClient}). Why: the
 * connection reads and writes the socket on the caller's thread, straight from and into the caller's 1 MiB
 * buffers, where {@code HttpClient} passes every socket buffer through its schedulers and threads. On one 1 GiB
 * download that was 592-653 MiB/s at 1.3-1.5 CPU s/GiB against 264-291 MiB/s at 2.7-3.7 (docs/benchmarks.md);
 * a small POST costs a quarter of the CPU. Like the {@code HttpClient} it replaces here, it uses no proxy and
 * follows no redirect.
 */
final class StreamingHttp {
    static final int BUFFER = 1 << 20;
    /** The longest silence of a connection mid-transfer; an upload's answer waits for the controller's fsync. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final SSLSocketFactory tls;

    StreamingHttp(SSLSocketFactory tls) {
        this.tls = tls;
    }

    /** A request, not yet sent, with the bearer token. */
    HttpURLConnection open(String method, URI uri, String token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        if (c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls);
        }
        c.setRequestMethod(method);
        c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        c.setReadTimeout((int) READ_TIMEOUT.toMillis());
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestProperty("Authorization", "Bearer " + token);
        c.setRequestProperty("Accept", "application/json, application/problem+json");
        return c;
    }

    /**
     * The answer's status. A 401 to a streamed upload is thrown by the connection as {@link HttpRetryException}
     * (it cannot send the body again itself): it is a status like any other here.
     */
    static int status(HttpURLConnection c) throws IOException {
        try {
            return c.getResponseCode();
        } catch (HttpRetryException e) {
            return e.responseCode();
        }
    }

    /** The answer's body as text (an error, or JSON), read to its end so that the connection can be reused. */
    static String text(HttpURLConnection c, int status) throws IOException {
        InputStream in;
        try {
            in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        } catch (HttpRetryException e) {
            return "";
        }
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Stops the caller between two buffers when its thread was interrupted (the worker stopping, Ctrl-C). */
    static void checkInterrupt(HttpURLConnection c) throws InterruptedException {
        if (Thread.interrupted()) {
            c.disconnect();
            throw new InterruptedException("the transfer was stopped");
        }
    }
}

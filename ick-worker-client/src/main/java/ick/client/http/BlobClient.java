package ick.client.http;

import com.fasterxml.jackson.core.type.TypeReference;
import ick.protocol.BlobInfo;
import ick.protocol.BlobUpload;
import ick.protocol.Json;
import ick.protocol.Problem;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;

/**
 * Uploads and downloads blobs ({@code /api/v1/blobs}), streaming from and to files, for the worker and
 * icktool. A transfer that breaks (connection lost, controller restarting, 5xx) is retried with backoff and
 * resumed where it stopped: an upload asks {@code GET /uploads/{name}} how much the controller holds and sends
 * the rest with {@code Content-Range}; a download asks for the rest with {@code Range} and {@code If-Range}.
 * Every upload carries the file's SHA-256 ({@code Digest}), so the controller keeps nothing that differs
 * from the file; every download is checked against the {@code Digest} the controller sends.
 */
public final class BlobClient {
    /** Told of a transfer's progress: bytes done so far (including resumed ones) of the total. */
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(long done, long total);
    }

    private static final Logger LOG = Logger.getLogger(BlobClient.class.getName());
    private final ClientConfig config;
    private final HttpClient http;
    private final StreamingHttp streaming;
    private final TokenSource tokens;
    private final int attempts;
    private final Duration firstWait;

    /** A client that tries each transfer up to 10 times, waiting 0.2 s doubling to 10 s between tries. */
    public BlobClient(ClientConfig config) {
        this(config, 10, Duration.ofMillis(200));
    }

    public BlobClient(ClientConfig config, int attempts, Duration firstWait) {
        config.requireController();
        config.requireCredentials();
        this.config = config;
        this.attempts = attempts;
        this.firstWait = firstWait;
        SSLContext tls = TrustStores.sslContext(config.caFile());
        this.http = ApiClient.httpClient(tls);
        this.streaming = new StreamingHttp(tls.getSocketFactory());
        this.tokens = TokenSource.of(http, config);
    }

    /** The SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        return FileDownload.sha256(file);
    }

    /**
     * Uploads {@code file} as blob {@code name}, resuming after breaks.
     *
     * @param sha256 the file's SHA-256 (hex) if known, else null: it is computed first
     * @throws ProblemException when the controller refuses the upload (4xx), or after the last try
     */
    public BlobInfo put(String name, Path file, String sha256, Progress progress)
            throws IOException, InterruptedException {
        long size = Files.size(file);
        String digest = "sha-256=" + Base64.getEncoder().encodeToString(
                HexFormat.of().parseHex(sha256 != null ? sha256 : sha256(file)));
        Backoff backoff = new Backoff(firstWait, Duration.ofSeconds(10));
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                long offset = attempt == 1 ? 0 : uploadedSoFar(name);
                if (offset > 0) {
                    long from = offset;
                    LOG.info(() -> "resuming the upload of " + name + " at byte " + from + " of " + size);
                }
                Answer answer = sendPart(name, file, offset, size, digest, progress);
                int status = answer.status();
                if (status == 200 || status == 201) {
                    return Json.mapper().readValue(answer.text(), BlobInfo.class);
                }
                Problem problem = answer.problem();
                // 202: a part was taken but the blob is short (the file shrank?); 409: busy or offset moved on;
                // 400 with an offset: the controller saw the body break off
                boolean resumable = status == 202 || status == 409 || status / 100 == 5
                        || (status == 400 && answer.uploadOffset() != null);
                if (!resumable) {
                    throw new ProblemException(problem);
                }
                last = new ProblemException(problem);
            } catch (UnreachableException e) {
                last = e;
            } catch (ProblemException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                last = e;
            }
            if (attempt < attempts) {
                RuntimeException cause = last;
                Duration wait = backoff.sleep();
                LOG.warning(() -> "uploading " + name + " failed (" + cause.getMessage() + "); tried again after "
                        + wait.toMillis() + " ms");
            }
        }
        throw last;
    }

    /**
     * Downloads blob {@code name} into {@code target} (replaced atomically when complete and verified),
     * resuming after breaks.
     *
     * @return the blob's description, or empty if there is no such blob (404)
     */
    public Optional<BlobInfo> get(String name, Path target, Progress progress)
            throws IOException, InterruptedException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(part);
        String etag = null;
        Backoff backoff = new Backoff(firstWait, Duration.ofSeconds(10));
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                Optional<String> sha = download(name, part, etag, progress);
                if (sha.isEmpty()) {
                    Files.deleteIfExists(part);
                    return Optional.empty();
                }
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return Optional.of(new BlobInfo(name, Files.size(target), sha.get(),
                        Files.getLastModifiedTime(target).toInstant()));
            } catch (Interrupted e) {
                etag = e.etag;
                last = e.cause;
            } catch (ProblemException e) {
                if (!e.isRetryable()) {
                    Files.deleteIfExists(part);
                    throw e;
                }
                last = e;
            }
            if (attempt < attempts) {
                RuntimeException cause = last;
                Duration wait = backoff.sleep();
                LOG.warning(() -> "downloading " + name + " failed (" + cause.getMessage() + "); tried again after "
                        + wait.toMillis() + " ms");
            }
        }
        throw last;
    }

    /** The blob's description ({@code HEAD}), or empty if there is none. */
    public Optional<BlobInfo> info(String name) throws InterruptedException {
        HttpResponse<String> answer = send(builder(blobUri(name)).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        requireOk(answer);
        String sha = etagHex(answer.headers().firstValue("ETag").orElse(""));
        return Optional.of(new BlobInfo(name, answer.headers().firstValueAsLong("Content-Length").orElse(-1), sha,
                null));
    }

    /** Every blob whose name starts with {@code prefix} (null: all); needs the admin's list scope. */
    public List<BlobInfo> list(String prefix) throws InterruptedException {
        String query = prefix == null ? "" : "?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8);
        HttpResponse<String> answer = send(builder(URI.create(config.apiUrl() + "/blobs" + query)).GET(),
                HttpResponse.BodyHandlers.ofString());
        requireOk(answer);
        try {
            return Json.mapper().readValue(answer.body(), new TypeReference<List<BlobInfo>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a blob; false if there was none. */
    public boolean delete(String name) throws InterruptedException {
        HttpResponse<String> answer = send(builder(blobUri(name)).DELETE(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {
            return false;
        }
        requireOk(answer);
        return true;
    }

    private long uploadedSoFar(String name) throws InterruptedException {
        HttpResponse<String> answer = send(builder(URI.create(config.apiUrl() + "/uploads/" + name)).GET(),
                HttpResponse.BodyHandlers.ofString());
        requireOk(answer);
        try {
            return Json.mapper().readValue(answer.body(), BlobUpload.class).offset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer to a streamed request: its status, and its body as text. */
    private record Answer(int status, String contentType, String text, String uploadOffset, String request) {
        static Answer of(HttpURLConnection c) throws IOException {
            int status = StreamingHttp.status(c);
            return new Answer(status, c.getContentType(), StreamingHttp.text(c, status),
                    c.getHeaderField("Ick-Upload-Offset"), c.getRequestMethod() + " " + c.getURL().getPath());
        }

        Problem problem() {
            return ApiClient.problem(status, contentType, text, request);
        }
    }

    /** Sends the file from {@code offset} to its end; a 401 gets a new token and the part again from the file. */
    private Answer sendPart(String name, Path file, long offset, long size, String digest, Progress progress)
            throws IOException, InterruptedException {
        URI uri = blobUri(name);
        for (int tries = 1; ; tries++) {
            String token = tokens.current();
            HttpURLConnection c = streaming.open("PUT", uri, token);
            c.setRequestProperty("Content-Type", "application/octet-stream");
            c.setRequestProperty("Digest", digest);
            if (size > 0) {
                c.setRequestProperty("Content-Range", "bytes " + offset + "-" + (size - 1) + "/" + size);
            }
            c.setFixedLengthStreamingMode(size - offset);
            c.setDoOutput(true);
            Answer answer;
            try {
                sendFile(c, file, offset, size, progress);
                answer = Answer.of(c);
            } catch (IOException e) {
                c.disconnect();
                throw new UnreachableException(uri, e);
            }
            if (answer.status() != 401 || tries > 1) {
                return answer;
            }
            tokens.invalidate(token);
        }
    }

    private static void sendFile(HttpURLConnection c, Path file, long offset, long size, Progress progress)
            throws IOException, InterruptedException {
        byte[] buffer = new byte[StreamingHttp.BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ); OutputStream out = c.getOutputStream()) {
            long position = offset;
            while (position < size) {
                wrapped.clear().limit((int) Math.min(buffer.length, size - position));
                int n = in.read(wrapped, position);
                if (n < 0) {
                    throw new IOException(file + " ended at byte " + position + " of " + size + " while it was sent");
                }
                out.write(buffer, 0, n);
                position += n;
                progress.update(position, size);
                StreamingHttp.checkInterrupt(c);
            }
        }
    }

    /** A download broke off: what to resume with. */
    private static final class Interrupted extends Exception {
        final String etag;
        final RuntimeException cause;

        Interrupted(String etag, RuntimeException cause) {
            super(cause);
            this.etag = etag;
            this.cause = cause;
        }
    }

    /** @return the verified SHA-256, or empty on 404 */
    private Optional<String> download(String name, Path part, String etag, Progress progress)
            throws IOException, InterruptedException, Interrupted {
        long have = etag != null && Files.exists(part) ? Files.size(part) : 0;
        URI uri = blobUri(name);
        for (int tries = 1; ; tries++) {
            String token = tokens.current();
            HttpURLConnection c = streaming.open("GET", uri, token);
            if (have > 0) {
                c.setRequestProperty("Range", "bytes=" + have + "-");
                c.setRequestProperty("If-Range", etag);
            }
            String sent = etag;
            String actual;
            String expected;
            try {
                int status = StreamingHttp.status(c);
                if (status == 401 && tries == 1) {
                    StreamingHttp.text(c, status);
                    tokens.invalidate(token);
                    continue;
                }
                if (status == 404) {
                    StreamingHttp.text(c, status);
                    return Optional.empty();
                }
                if (status != 200 && status != 206) {
                    throw new ProblemException(Answer.of(c).problem());
                }
                // from here on, a break resumes from what the part file holds
                sent = c.getHeaderField("ETag");
                expected = etagHex(sent == null ? "" : sent);
                actual = FileDownload.receive(c, status, part, progress);
            } catch (IOException e) {
                c.disconnect();
                throw new Interrupted(sent, new UnreachableException(uri, e));
            }
            if (!expected.isEmpty() && !expected.equals(actual)) {
                Files.deleteIfExists(part);
                throw new ProblemException(new Problem("about:blank", "download damaged", 502, "blob " + name
                        + " arrived with SHA-256 " + actual + ", not " + expected, null, null));
            }
            return Optional.of(actual);
        }
    }

    private URI blobUri(String name) {
        return URI.create(config.apiUrl() + "/blobs/" + name);
    }

    private HttpRequest.Builder builder(URI uri) throws InterruptedException {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + tokens.current())
                .header("Accept", "application/json, application/problem+json");
    }

    /** Sends; a 401 gets a new token and one more try (an upload's body reads the file again from its offset). */
    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
            throws InterruptedException {
        HttpRequest built = request.build();
        HttpResponse<T> answer = exchange(built, handler);
        if (answer.statusCode() == 401) {
            tokens.invalidate(built.headers().firstValue("Authorization").orElse("").replaceFirst("^Bearer ", ""));
            answer = exchange(HttpRequest.newBuilder(built, (n, v) -> !n.equalsIgnoreCase("Authorization"))
                    .header("Authorization", "Bearer " + tokens.current()).build(), handler);
        }
        return answer;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws InterruptedException {
        CompletableFuture<HttpResponse<T>> exchange = http.sendAsync(request, handler);
        try {
            return exchange.get();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UnreachableException(request.uri(), io);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static void requireOk(HttpResponse<String> answer) {
        if (answer.statusCode() / 100 != 2) {
            throw new ProblemException(ApiClient.problem(answer));
        }
    }

    private static String etagHex(String etag) {
        String hex = etag.replace("\"", "").strip();
        return hex.matches("[0-9a-f]{64}") ? hex : "";
    }
}

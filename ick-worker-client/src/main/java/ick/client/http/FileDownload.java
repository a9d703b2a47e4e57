package ick.client.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Receives a blob's body straight into a {@code .part} file, hashing on the way: a 200 replaces the file, a 206
 * appends to it (the bytes already there are hashed first). Other answers are read as text, for the error.
 * Why not {@code BodyHandlers.ofInputStream}: it hands each 16 KiB buffer the client reads from one thread to
 * another through a queue, and on a busy machine every hand-over waits for a CPU; here the client's own thread
 * writes what it read, all the buffers it has at once. Flow control is the file's: the next buffers are asked
 * for only when these are written, so memory stays flat whatever the size.
 */
final class FileDownload implements HttpResponse.BodyHandler<FileDownload.Result> {
    /** The outcome: for 200 and 206 the SHA-256 of the whole part file, else the body as text. */
    record Result(int status, String sha256, String text) {
    }

    private final Path part;
    private final BlobClient.Progress progress;
    private volatile String etag;
    private volatile long total = -1;

    FileDownload(Path part, BlobClient.Progress progress) {
        this.part = part;
        this.progress = progress;
    }

    /** The ETag of the last 200/206 answer whose body began to arrive, or null: what a resume asks If-Range of. */
    String etag() {
        return etag;
    }

    @Override
    public HttpResponse.BodySubscriber<Result> apply(HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        if (status != 200 && status != 206) {
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                    text -> new Result(status, null, text));
        }
        etag = info.headers().firstValue("ETag").orElse(null);
        long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new Writing(status, length);
    }

    /** Writes and hashes each batch of buffers on the client's thread, then asks for the next. */
    private final class Writing implements HttpResponse.BodySubscriber<Result> {
        private final int status;
        private final long length;
        private final CompletableFuture<Result> result = new CompletableFuture<>();
        private final MessageDigest sha = newSha256();
        private Flow.Subscription subscription;
        private FileChannel out;
        private long done;

        Writing(int status, long length) {
            this.status = status;
            this.length = length;
        }

        @Override
        public CompletionStage<Result> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            try {
                if (status == 206) {
                    done = hash(part, sha);
                    out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND);
                } else {
                    out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
                }
                total = length < 0 ? -1 : done + length;
            } catch (IOException | RuntimeException e) {
                s.cancel();
                fail(e);
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            try {
                ByteBuffer[] all = buffers.toArray(ByteBuffer[]::new);
                for (ByteBuffer b : all) {
                    done += b.remaining();
                    sha.update(b.duplicate());
                }
                long left = 0;
                for (ByteBuffer b : all) {
                    left += b.remaining();
                }
                while (left > 0) {
                    left -= out.write(all);
                }
                progress.update(done, total);
            } catch (IOException | RuntimeException e) {
                subscription.cancel();
                fail(e);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable failure) {
            fail(failure);
        }

        @Override
        public void onComplete() {
            try {
                out.close();
                result.complete(new Result(status, HexFormat.of().formatHex(sha.digest()), null));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }

        private void fail(Throwable failure) {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the failure is what is reported
                }
            }
            result.completeExceptionally(failure instanceof UncheckedIOException u ? u.getCause() : failure);
        }
    }

    /** Hashes a file into {@code sha}; returns its length. */
    static long hash(Path file, MessageDigest sha) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, read);
                n += read;
            }
        }
        return n;
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

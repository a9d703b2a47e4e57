package ick.client.http;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A request body of the bytes of a file from an offset to its end, read with positional reads in
 * {@value #CHUNK}-byte buffers. Why not {@code BodyPublishers.ofInputStream} or {@code ofFile}: both hand the
 * HTTP client 16 KiB at a time, and each chunk costs a trip through the client's scheduler (and, on a busy
 * machine, a wait for a CPU) that a 256 KiB one pays 16 times less often. Each subscription opens the file
 * again and reads from the offset, so a request sent again (after a 401) sends the same bytes; a file that
 * ends before {@code length} bytes fails the request, which the caller retries.
 */
final class FileBodyPublisher implements HttpRequest.BodyPublisher {
    static final int CHUNK = 256 * 1024;

    private final Path file;
    private final long offset;
    private final long length;
    private final int chunk;
    private final LongConsumer sent;

    /** @param sent told of each chunk handed to the client: the bytes of this body handed over so far */
    FileBodyPublisher(Path file, long offset, long length, LongConsumer sent) {
        this(file, offset, length, CHUNK, sent);
    }

    FileBodyPublisher(Path file, long offset, long length, int chunk, LongConsumer sent) {
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.chunk = chunk;
        this.sent = sent;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Reading reading = new Reading(subscriber);
        subscriber.onSubscribe(reading);
    }

    /** One subscription: reads as far as the subscriber asks, on the thread that asks (one at a time). */
    private final class Reading implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger draining = new AtomicInteger();
        private volatile boolean cancelled;
        private volatile Throwable badRequest;
        private FileChannel channel;
        private long done;
        private boolean finished;

        Reading(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request(" + n + "): must be positive (§3.9)");
            } else {
                demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            }
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            drain();
        }

        /** Only one thread at a time gets here past the counter; a request made meanwhile (even from inside
         * onNext) makes it go round again instead of recursing. */
        private void drain() {
            if (draining.getAndIncrement() != 0) {
                return;
            }
            do {
                if (!finished) {
                    step();
                }
            } while (draining.decrementAndGet() != 0);
        }

        private void step() {
            if (cancelled) {
                finish(null, false);
                return;
            }
            if (badRequest != null) {
                finish(badRequest, true);
                return;
            }
            try {
                if (done == length) {
                    finish(null, true);
                    return;
                }
                if (channel == null) {
                    channel = FileChannel.open(file, StandardOpenOption.READ);
                }
                while (demand.get() > 0 && done < length && !cancelled) {
                    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(chunk, length - done));
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer, offset + done + buffer.position()) < 0) {
                            throw new IOException(file + " ended at byte " + (offset + done + buffer.position())
                                    + ", before the " + (offset + length) + " it had when the upload began");
                        }
                    }
                    demand.decrementAndGet();
                    done += buffer.flip().remaining();
                    sent.accept(done);
                    subscriber.onNext(buffer);
                }
                if (cancelled) {
                    finish(null, false);
                } else if (done == length) {
                    finish(null, true);
                }
            } catch (IOException | RuntimeException e) {
                finish(e, true);
            }
        }

        private void finish(Throwable failure, boolean tell) {
            finished = true;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // read-only: nothing was lost
                }
            }
            if (tell) {
                if (failure == null) {
                    subscriber.onComplete();
                } else {
                    subscriber.onError(failure);
                }
            }
        }
    }
}

package ick.protocol;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Reads a range of a channel on a thread of its own, a buffer ahead of the one its consumer holds: a blob is read
 * from the disk while the last buffer goes out on the network. With {@link DirectReader} a read waits for the
 * disk (nothing is read ahead by the kernel), so reading and sending in turn on one thread added the two times.
 * The buffers are aligned ({@link DirectReader#buffer}) and kept for the next readers, so memory stays flat.
 */
public final class ReadAhead implements AutoCloseable {
    private static final int BUFFERS = 3;
    /** Buffers kept for the next readers: those of four at once. */
    private static final BlockingQueue<ByteBuffer> SPARE = new ArrayBlockingQueue<>(4 * BUFFERS);
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final SeekableByteChannel in;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<ByteBuffer> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final CompletableFuture<Void> reading;
    private ByteBuffer held;
    private volatile boolean closed;

    private ReadAhead(SeekableByteChannel in, long first, long length, int bufferSize, Executor background) {
        this.in = in;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(take(bufferSize));
        }
        this.reading = CompletableFuture.runAsync(() -> readAll(first, length), background);
    }

    /**
     * Starts reading {@code length} bytes of {@code in} from {@code first}.
     *
     * @param background runs the reading, a task as long as the whole range: it must start it at once (a thread
     *                   per task), never queue it behind other readers
     */
    public static ReadAhead start(SeekableByteChannel in, long first, long length, int bufferSize,
                                  Executor background) {
        return new ReadAhead(in, first, length, bufferSize, background);
    }

    /**
     * The next bytes, from position to limit; null once the range is read. The buffer is the caller's until the
     * next call.
     *
     * @throws IOException when the read failed, or the channel ended before the range did
     */
    public ByteBuffer next() throws IOException {
        if (held != null) {
            free.add(held.clear());
            held = null;
        }
        ByteBuffer next;
        try {
            do {
                next = filled.poll(1, TimeUnit.SECONDS);
                if (next == null && reading.isDone()) {
                    next = filled.poll(); // the last one may have come just before the end
                    if (next == null) {
                        DiskTasks.await(reading, "reading from the disk");
                        return null; // done without failure, and without an END: closed meanwhile
                    }
                }
            } while (next == null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the disk");
        }
        if (next == END) {
            DiskTasks.await(reading, "reading from the disk");
            return null;
        }
        held = next;
        return next;
    }

    /** Stops the reading; the buffers go back for the next readers once it has stopped. */
    @Override
    public void close() {
        closed = true;
        reading.whenComplete((ok, failure) -> {
            if (held != null) {
                SPARE.offer(held.clear());
            }
            free.forEach(buffer -> SPARE.offer(buffer.clear()));
            filled.forEach(buffer -> {
                if (buffer != END) {
                    SPARE.offer(buffer.clear());
                }
            });
        });
    }

    private void readAll(long first, long length) {
        try {
            in.position(first);
            long left = length;
            while (left > 0 && !closed) {
                ByteBuffer buffer = free.poll(1, TimeUnit.SECONDS);
                if (buffer == null) {
                    continue; // the consumer is slow, or has gone: look at closed again
                }
                buffer.limit((int) Math.min(buffer.capacity(), left));
                while (buffer.hasRemaining()) {
                    if (in.read(buffer) < 0) {
                        throw new IOException("the blob ended " + (left - buffer.position()) + " bytes early");
                    }
                }
                left -= buffer.flip().remaining();
                filled.add(buffer);
            }
            if (!closed) {
                filled.add(END);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        }
    }


    private static ByteBuffer take(int size) {
        ByteBuffer spare = SPARE.poll();
        return spare != null && spare.capacity() == size ? spare : DirectReader.buffer(size);
    }
}

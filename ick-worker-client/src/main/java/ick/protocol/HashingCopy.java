package ick.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies a stream into a file and computes the SHA-256 of what it copied, the hashing on a second thread: a blob's
 * receiver (the controller for an upload, the worker or icktool for a download) then reads the socket and writes
 * the file while the previous buffers are hashed. SHA-256 costs about 0.7 s of CPU per GiB here even with the
 * CPU's SHA instructions, as much as the socket and the file together; in line, it halved the rate. A few buffers
 * go round between the two threads, so memory stays flat whatever the size. Into a {@link DirectWriter}, whole
 * direct buffers are lent to its writing thread rather than copied, and come back once both the hashing and the
 * disk are done with them.
 */
public final class HashingCopy {
    /** Told after each read: the bytes copied so far; may stop the copy by throwing. */
    @FunctionalInterface
    public interface Progress {
        void copied(long bytes) throws IOException, InterruptedException;
    }

    /**
     * Buffers per copy unless told otherwise: one filling while the others wait for the hashing thread (and the
     * disk, when lent), which a busy moment slows.
     */
    static final int BUFFERS = 8;
    private static final Piece END = new Piece(null, null);

    /** A buffer handed to the hashing thread: its bytes from position to limit, and what to do once hashed. */
    private record Piece(ByteBuffer bytes, Runnable hashed) {
    }

    /** Where the bytes come from: a read into a buffer (-1 at the end), and whether more can be read at once. */
    private interface Source {
        int read(ByteBuffer into) throws IOException;

        boolean hasMore();
    }

    private final Executor hasher;
    private final int bufferSize;
    private final int buffers;
    /**
     * Direct buffers are reused, those of four copies at once: their memory is outside the heap, and is given back
     * only when a garbage collection finds them unreachable; with a heap that rarely fills, a few MiB per upload
     * added up.
     */
    private final BlockingQueue<ByteBuffer> spareDirect;

    /** A copy through {@value #BUFFERS} buffers of {@code bufferSize} bytes. */
    public HashingCopy(Executor hasher, int bufferSize) {
        this(hasher, bufferSize, BUFFERS);
    }

    /**
     * @param hasher  runs the hashing of each copy, a task that lasts as long as the copy: it must start it at
     *                once (a thread per task), never queue it behind other copies, which would wait for it
     * @param buffers how many buffers of {@code bufferSize} bytes a copy has in flight at most
     */
    public HashingCopy(Executor hasher, int bufferSize, int buffers) {
        this.hasher = hasher;
        this.bufferSize = bufferSize;
        this.buffers = buffers;
        this.spareDirect = new ArrayBlockingQueue<>(4 * buffers);
    }

    /**
     * Copies {@code in} to its end into {@code out} (at the channel's position), adding it to {@code sha}.
     *
     * @return the bytes copied
     * @throws IOException from either side; the file then holds some of what was read, the digest is unusable
     */
    public long copy(InputStream in, WritableByteChannel out, MessageDigest sha, Progress progress)
            throws IOException, InterruptedException {
        Source stream = new Source() {
            @Override
            public int read(ByteBuffer into) throws IOException {
                int n = in.read(into.array(), into.arrayOffset() + into.position(), into.remaining());
                if (n > 0) {
                    into.position(into.position() + n);
                }
                return n;
            }

            @Override
            public boolean hasMore() {
                return available(in) > 0;
            }
        };
        return copy(stream, false, out, sha, progress);
    }

    /**
     * Copies a blocking channel to its end into {@code out}, like {@link #copy(InputStream, FileChannel,
     * MessageDigest, Progress)}, through direct buffers: the bytes go from the channel to the file without a copy
     * in the JVM's heap (a heap buffer costs one copy in and one out, 40% of an upload's thread on the controller).
     */
    public long copy(ReadableByteChannel in, WritableByteChannel out, MessageDigest sha, Progress progress)
            throws IOException, InterruptedException {
        Source channel = new Source() {
            @Override
            public int read(ByteBuffer into) throws IOException {
                return in.read(into);
            }

            @Override
            public boolean hasMore() {
                return false;
            }
        };
        return copy(channel, true, out, sha, progress);
    }

    private long copy(Source in, boolean direct, WritableByteChannel out, MessageDigest sha, Progress progress)
            throws IOException, InterruptedException {
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(buffers);
        BlockingQueue<Piece> toHash = new ArrayBlockingQueue<>(buffers + 1);
        free.add(allocate(direct));
        int allocated = 1;
        DirectWriter lendTo = direct && out instanceof DirectWriter writer && writer.isDirect() ? writer : null;
        CompletableFuture<Void> hashed = null; // started past the first buffer's size: a small body is hashed in line
        long count = 0;
        IOException broken = null;
        try {
            boolean more = true;
            while (more) {
                ByteBuffer buffer = nextFree(free, hashed).clear();
                Fill fill = fill(in, buffer, lendTo != null);
                int n = buffer.flip().remaining();
                more = !fill.end();
                broken = fill.broken();
                if (n > 0) {
                    count += n;
                    if (hashed == null && count <= bufferSize) {
                        write(out, buffer.duplicate());
                        sha.update(buffer);
                    } else {
                        if (hashed == null) {
                            for (; allocated < buffers; allocated++) {
                                free.add(allocate(direct));
                            }
                            hashed = CompletableFuture.runAsync(() -> hashAll(toHash, sha), hasher);
                        }
                        Runnable done = doneTwice(buffer, free);
                        if (lendTo == null || !lendTo.writeLent(buffer.duplicate(), done)) {
                            write(out, buffer.duplicate());
                            done.run();
                        }
                        toHash.put(new Piece(buffer, done));
                        buffer = null;
                    }
                    progress.copied(count);
                }
                if (buffer != null) {
                    free.add(buffer);
                }
            }
            if (broken != null) {
                throw broken;
            }
        } finally {
            if (hashed != null) {
                toHash.offer(END); // there is always room: at most `buffers` pieces are out
            }
        }
        if (hashed != null) {
            try {
                hashed.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("hashing failed", e.getCause());
            }
        }
        if (direct) {
            keepForTheNextCopies(free, allocated, lendTo);
        }
        return count;
    }

    /** Gives {@code buffer} back the second time it is run: once both the disk and the hashing are done with it. */
    private static Runnable doneTwice(ByteBuffer buffer, BlockingQueue<ByteBuffer> free) {
        AtomicInteger holders = new AtomicInteger(2);
        return () -> {
            if (holders.decrementAndGet() == 0) {
                free.add(buffer);
            }
        };
    }

    /**
     * Keeps the copy's direct buffers for the next copies once they are all back: the hashing is done, but the
     * disk may still hold some that were lent. A buffer not back by then (the writer is stuck) is left to the GC.
     */
    private void keepForTheNextCopies(BlockingQueue<ByteBuffer> free, int allocated, DirectWriter lentTo)
            throws InterruptedException {
        for (int back = 0; back < allocated; back++) {
            ByteBuffer buffer = lentTo == null ? free.poll() : free.poll(10, TimeUnit.SECONDS);
            if (buffer == null) {
                return;
            }
            spareDirect.offer(buffer);
        }
    }

    /** How many direct buffers wait for the next copy. */
    int spareDirectBuffers() {
        return spareDirect.size();
    }

    private ByteBuffer allocate(boolean direct) {
        if (!direct) {
            return ByteBuffer.allocate(bufferSize);
        }
        ByteBuffer spare = spareDirect.poll();
        return spare != null ? spare : DirectReader.buffer(bufferSize); // aligned, so a DirectWriter can take it
    }

    /** What one {@link #fill} read: whether the stream ended, or broke after some bytes. */
    private record Fill(boolean end, IOException broken) {
    }

    /**
     * Reads a piece of at least a quarter buffer, and what else is there already: one network buffer (16 KiB on
     * the controller) per piece would cost a hand-over between the threads each. With {@code whole}, reads until
     * the buffer is full, so that it can be lent to the disk as it is. A break after some bytes is returned with
     * them, so that what came before it is kept, as a resume expects.
     */
    private static Fill fill(Source in, ByteBuffer buffer, boolean whole) throws IOException {
        int quarter = buffer.capacity() / 4;
        do {
            int read;
            try {
                read = in.read(buffer);
            } catch (IOException e) {
                if (buffer.position() == 0) {
                    throw e;
                }
                return new Fill(true, e);
            }
            if (read < 0) {
                return new Fill(true, null);
            }
        } while (buffer.hasRemaining() && (whole || buffer.position() < quarter || in.hasMore()));
        return new Fill(false, null);
    }

    private static int available(InputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            return 0; // the next read says what broke
        }
    }

    /** A buffer the hashing is done with; never waits for one if the hashing has failed. */
    private static ByteBuffer nextFree(BlockingQueue<ByteBuffer> free, CompletableFuture<Void> hashed)
            throws InterruptedException {
        while (true) {
            ByteBuffer buffer = free.poll(1, TimeUnit.SECONDS);
            if (buffer != null) {
                return buffer;
            }
            if (hashed != null && hashed.isCompletedExceptionally()) {
                throw new IllegalStateException("hashing failed", hashed.handle((ok, failure) -> failure).join());
            }
        }
    }

    private static void hashAll(BlockingQueue<Piece> toHash, MessageDigest sha) {
        try {
            for (Piece piece = toHash.take(); piece != END; piece = toHash.take()) {
                sha.update(piece.bytes());
                piece.hashed().run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing", e);
        }
    }

    private static void write(WritableByteChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

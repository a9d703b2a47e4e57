package ick.protocol;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes a blob's bytes to the end of a file with {@code O_DIRECT}: from aligned buffers of its own to the disk,
 * past the page cache. A blob of gigabytes written through the cache costs its writer a copy into freshly
 * allocated pages (on a VM that hands freed memory back to its host, 1-2 CPU s per GiB more: docs/benchmarks.md),
 * and evicts what the machine had cached, the database's pages among them, for bytes that are read back rarely.
 * A direct write returns only when the disk has the bytes, so a full buffer is written on a thread of its own
 * while the caller fills the next one: the network and the disk work at the same time.
 * <p>
 * Only whole aligned blocks go direct; the bytes before the first block boundary (a resumed upload starts
 * anywhere) and after the last go through the ordinary channel. Where the file system refuses {@code O_DIRECT}
 * (tmpfs), everything does, in line.
 * <p>
 * A caller whose buffers are aligned and whole may lend them instead ({@link #writeLent}): they are written as they
 * are, without the copy into a staging buffer, and given back when the disk has them.
 * <p>
 * {@link #close()} writes what is still held: call it before the file is synced, also when the copy failed, so
 * that all that arrived is in the file (a resume starts where the file ends). It does not close the ordinary
 * channel, which stays the caller's.
 */
public final class DirectWriter implements WritableByteChannel {
    /**
     * Buffers per writer: one filling while the others wait for the disk or are written. With two, one slow write
     * (the disk's cache flushing) held the caller, and so the socket, up: see docs/benchmarks.md.
     */
    private static final int STAGES = 8;
    /** Staging buffers kept for the next writers: enough for four at once. */
    private static final BlockingQueue<ByteBuffer> SPARE = new ArrayBlockingQueue<>(4 * STAGES);

    /**
     * A full buffer to write at {@code position}: a staging buffer, or one lent by the caller, which
     * {@code giveBack} returns; a null buffer ends the writing thread.
     */
    private record Job(ByteBuffer bytes, long position, Runnable giveBack) {
        boolean lent() {
            return giveBack != null;
        }
    }

    private final FileChannel buffered;
    private final FileChannel direct;
    private final int block;
    private final int capacity;
    /** Staging buffers made so far: they are made as writes need them, none for a caller that lends its own. */
    private int staged;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(STAGES);
    /** Unbounded, but never long: a job holds a staging buffer or a lent one, and both are few. */
    private final BlockingQueue<Job> full = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> writing;
    private ByteBuffer staging;
    /** Where the next byte goes in the file: staging's first byte once the head is written. */
    private long position;
    private boolean open = true;

    private DirectWriter(FileChannel buffered, FileChannel direct, int block, int capacity, long position,
                         Executor background) {
        this.buffered = buffered;
        this.direct = direct;
        this.block = block;
        this.capacity = capacity;
        this.position = position;
        if (direct == null) {
            this.writing = null;
            return;
        }
        this.writing = CompletableFuture.runAsync(this::writeAll, background);
    }

    /**
     * A writer that appends to {@code file} at {@code position} (its length, normally), where {@code buffered} is
     * the file's open channel; {@code size} is the most held in memory before a write to disk.
     *
     * @param background runs the task that writes full buffers, as long as the writer is open: it must start it
     *                   at once (a thread per task), never queue it behind other writers
     */
    public static DirectWriter open(Path file, FileChannel buffered, long position, int size, Executor background)
            throws IOException {
        int block = (int) Math.max(4096, Files.getFileStore(file).getBlockSize());
        FileChannel direct;
        try {
            direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException refused) {
            return throughTheCache(buffered, position);
        }
        int capacity = Math.max(block, size / block * block);
        return new DirectWriter(buffered, direct, block, capacity, position, background);
    }

    /** A writer that writes everything through {@code buffered}: where {@code O_DIRECT} is refused. */
    static DirectWriter throughTheCache(FileChannel buffered, long position) {
        return new DirectWriter(buffered, null, 1, 0, position, null);
    }

    /** Whether whole blocks go past the page cache (false where the file system refused {@code O_DIRECT}). */
    public boolean isDirect() {
        return direct != null;
    }

    /**
     * Takes {@code bytes} to write as they are, without a copy, when they can go direct as they stand: a direct
     * buffer aligned to the block, of whole blocks, to an aligned position with nothing held before it. The
     * buffer is then the writer's until {@code giveBack} runs, on the writing thread, once the disk has the bytes
     * (also when the writing failed, so that a caller waiting for its buffers is not left waiting).
     *
     * @return false if they cannot go so: nothing was taken, and the caller writes them with {@link #write}
     */
    public boolean writeLent(ByteBuffer bytes, Runnable giveBack) throws IOException {
        int n = bytes.remaining();
        if (!open || direct == null || !bytes.isDirect() || n == 0 || n % block != 0 || position % block != 0
                || (staging != null && staging.position() != 0) || bytes.alignmentOffset(bytes.position(), block) != 0) {
            return false;
        }
        failIfWritingFailed();
        full.add(new Job(bytes, position, giveBack));
        if (writing.isDone()) { // it failed just now, maybe after its last look at the queue
            giveBackLent();
        }
        position += n;
        return true;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (direct == null) {
            writeBuffered(src);
            return n;
        }
        long head = position % block == 0 ? 0 : block - position % block;
        if (head > 0) {
            ByteBuffer first = src.slice(src.position(), (int) Math.min(head, src.remaining()));
            src.position(src.position() + first.remaining());
            writeBuffered(first);
        }
        while (src.hasRemaining()) {
            if (staging == null) {
                staging = nextStaging();
            }
            int chunk = Math.min(src.remaining(), staging.remaining());
            staging.put(staging.position(), src, src.position(), chunk);
            staging.position(staging.position() + chunk);
            src.position(src.position() + chunk);
            if (!staging.hasRemaining()) {
                handOver();
            }
        }
        return n;
    }

    /** Waits until every full buffer is written, then writes what is held: whole blocks direct, the rest cached. */
    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        if (direct == null) {
            return;
        }
        try {
            full.add(new Job(null, 0, null));
            DiskTasks.await(writing, "writing to the disk");
            if (staging != null) {
                writeHeld();
            }
        } finally {
            direct.close();
            if (writing.isDone()) { // else an interrupted close: the thread may still use a buffer
                if (staging != null) {
                    SPARE.offer(staging.clear());
                }
                free.forEach(spare -> SPARE.offer(spare.clear()));
            }
        }
    }

    private void writeHeld() throws IOException {
        int whole = staging.position() / block * block;
        int rest = staging.position() - whole;
        if (whole > 0) {
            writeDirect(staging.slice(0, whole), position);
            position += whole;
        }
        if (rest > 0) {
            writeBuffered(staging.slice(whole, rest));
        }
    }

    /** How many staging buffers this writer has made. */
    int stagingBuffers() {
        return staged;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Queues the full staging buffer for the writing thread; the next write takes another. */
    private void handOver() throws IOException {
        failIfWritingFailed();
        full.add(new Job(staging.flip(), position, null));
        position += staging.limit();
        staging = null;
    }

    /** A staging buffer: one the writing thread gave back, a new one while fewer than {@link #STAGES} are out. */
    private ByteBuffer nextStaging() throws IOException {
        ByteBuffer next = free.poll();
        if (next == null && staged < STAGES) {
            staged++;
            return staging(capacity, block);
        }
        try {
            while (next == null) {
                next = free.poll(1, TimeUnit.SECONDS);
                if (next == null && writing.isDone()) {
                    DiskTasks.await(writing, "writing to the disk"); // it failed: throws
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the disk");
        }
        return next.clear();
    }

    /** Throws the writing thread's failure, if it failed: nothing more would be written. */
    private void failIfWritingFailed() throws IOException {
        if (writing.isDone()) {
            DiskTasks.await(writing, "writing to the disk");
            throw new ClosedChannelException();
        }
    }

    /**
     * The writing thread: writes each full buffer where it belongs, and gives it back; stops at the first error,
     * and then gives back the lent buffers it will not write.
     */
    private void writeAll() {
        Job job = null;
        try {
            for (job = full.take(); job.bytes() != null; job = full.take()) {
                writeDirect(job.bytes(), job.position());
                if (job.lent()) {
                    job.giveBack().run();
                } else {
                    free.add(job.bytes());
                }
                job = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        } finally {
            if (job != null && job.lent()) {
                job.giveBack().run();
            }
            giveBackLent();
        }
    }

    /** Gives back the lent buffers still queued: once the writing thread has stopped. */
    private void giveBackLent() {
        for (Job left = full.poll(); left != null; left = full.poll()) {
            if (left.lent()) {
                left.giveBack().run();
            }
        }
    }


    private void writeDirect(ByteBuffer bytes, long at) throws IOException {
        long to = at;
        while (bytes.hasRemaining()) {
            to += direct.write(bytes, to);
        }
    }

    private void writeBuffered(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            position += buffered.write(bytes, position);
        }
    }

    private static ByteBuffer staging(int capacity, int block) {
        ByteBuffer spare = SPARE.poll();
        if (spare != null && spare.capacity() == capacity) {
            return spare;
        }
        return ByteBuffer.allocateDirect(capacity + block).alignedSlice(block).limit(capacity).slice();
    }
}

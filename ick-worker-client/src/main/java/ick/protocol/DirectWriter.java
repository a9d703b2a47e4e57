package ick.protocol;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes a blob's bytes to the end of a file with {@code O_DIRECT}: from an aligned buffer of its own to the disk,
 * past the page cache. A blob of gigabytes written through the cache costs its writer a copy into freshly
 * allocated pages (on a VM that hands freed memory back to its host, 1-2 CPU s per GiB more: docs/benchmarks.md),
 * and evicts what the machine had cached, the database's pages among them, for bytes that are read back rarely.
 * Only whole aligned blocks go direct; the bytes before the first block boundary (a resumed upload starts
 * anywhere) and after the last go through the ordinary channel. Where the file system refuses {@code O_DIRECT}
 * (tmpfs), everything does.
 * <p>
 * {@link #close()} writes what is still held: call it before the file is synced, also when the copy failed, so
 * that all that arrived is in the file (a resume starts where the file ends). It does not close the ordinary
 * channel, which stays the caller's.
 */
public final class DirectWriter implements WritableByteChannel {
    /** Staging buffers kept for the next writers: enough for four at once. */
    private static final BlockingQueue<ByteBuffer> SPARE = new ArrayBlockingQueue<>(4);

    private final FileChannel buffered;
    private final FileChannel direct;
    private final int block;
    private final ByteBuffer staging;
    /** Where the next byte goes in the file: staging's first byte once the head is written. */
    private long position;
    private boolean open = true;

    private DirectWriter(FileChannel buffered, FileChannel direct, int block, ByteBuffer staging, long position) {
        this.buffered = buffered;
        this.direct = direct;
        this.block = block;
        this.staging = staging;
        this.position = position;
    }

    /**
     * A writer that appends to {@code file} at {@code position} (its length, normally), where {@code buffered} is
     * the file's open channel; {@code size} is the most held in memory before a write to disk.
     */
    public static DirectWriter open(Path file, FileChannel buffered, long position, int size) throws IOException {
        int block = (int) Math.max(4096, Files.getFileStore(file).getBlockSize());
        FileChannel direct;
        try {
            direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException refused) {
            return throughTheCache(buffered, position);
        }
        int capacity = Math.max(block, size / block * block);
        return new DirectWriter(buffered, direct, block, staging(capacity, block), position);
    }

    /** A writer that writes everything through {@code buffered}: where {@code O_DIRECT} is refused. */
    static DirectWriter throughTheCache(FileChannel buffered, long position) {
        return new DirectWriter(buffered, null, 1, null, position);
    }

    /** Whether whole blocks go past the page cache (false where the file system refused {@code O_DIRECT}). */
    public boolean isDirect() {
        return direct != null;
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
            int chunk = Math.min(src.remaining(), staging.remaining());
            staging.put(staging.position(), src, src.position(), chunk);
            staging.position(staging.position() + chunk);
            src.position(src.position() + chunk);
            if (!staging.hasRemaining()) {
                writeStaged(staging.capacity());
            }
        }
        return n;
    }

    /** Writes what is held: the whole blocks direct, the rest through the page cache. */
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
            int whole = staging.position() / block * block;
            int rest = staging.position() - whole;
            if (whole > 0) {
                writeStaged(whole);
            }
            if (rest > 0) {
                writeBuffered(staging.flip());
            }
        } finally {
            direct.close();
            SPARE.offer(staging.clear());
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Writes the first {@code length} staged bytes (whole blocks) direct, and keeps the rest at the start. */
    private void writeStaged(int length) throws IOException {
        ByteBuffer out = staging.slice(0, length);
        while (out.hasRemaining()) {
            position += direct.write(out, position);
        }
        staging.limit(staging.position()).position(length);
        staging.compact();
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

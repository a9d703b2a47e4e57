package ick.protocol;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a file with {@code O_DIRECT}, past the page cache: the counterpart of {@link DirectWriter}. A blob sent
 * through the cache costs the reader freshly allocated pages (on a VM that hands freed memory back to its host,
 * 1-2 CPU s per GiB: docs/benchmarks.md) and evicts what the machine had cached, for bytes that are rarely read
 * twice. A read into a buffer from {@link #buffer(int)} at a block boundary goes from the disk straight into it;
 * any other read (a stream's small array, a range that starts inside a block) is copied from a 1 MiB staging
 * window, read from the disk a MiB at a time. Where the file system refuses {@code O_DIRECT} (tmpfs), the file is
 * read the ordinary way.
 */
public final class DirectReader implements SeekableByteChannel {
    private static final int BLOCK = 4096;
    /** The staging window of a reader whose buffers the disk cannot fill directly. */
    private static final int STAGING = 1 << 20;
    /** Staging windows kept for the next readers. */
    private static final BlockingQueue<ByteBuffer> SPARE = new ArrayBlockingQueue<>(4);

    private final FileChannel channel;
    private final boolean direct;
    private ByteBuffer staging;
    /** Where in the file staging's first byte is; -1 while it holds nothing. */
    private long stagedAt = -1;
    private long position;

    private DirectReader(FileChannel channel, boolean direct) {
        this.channel = channel;
        this.direct = direct;
    }

    /** Opens {@code file} for reading, direct where the file system allows it. */
    public static DirectReader open(Path file) throws IOException {
        if (Files.getFileStore(file).getBlockSize() <= BLOCK) {
            try {
                return new DirectReader(FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT),
                        true);
            } catch (IOException | UnsupportedOperationException refused) {
                if (!Files.exists(file)) {
                    throw refused instanceof IOException io ? io : new IOException(refused);
                }
            }
        }
        return new DirectReader(FileChannel.open(file, StandardOpenOption.READ), false);
    }

    /** A direct buffer of {@code size} bytes (rounded up to whole blocks) that a read fills without a copy. */
    public static ByteBuffer buffer(int size) {
        int capacity = (size + BLOCK - 1) / BLOCK * BLOCK;
        return ByteBuffer.allocateDirect(capacity + BLOCK).alignedSlice(BLOCK).limit(capacity).slice();
    }

    /** Whether reads go past the page cache (false where the file system refused {@code O_DIRECT}). */
    public boolean isDirect() {
        return direct;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (!direct) {
            int n = channel.read(into, position);
            position += Math.max(n, 0);
            return n;
        }
        if (position >= channel.size()) {
            return -1;
        }
        if (position % BLOCK == 0 && into.isDirect() && into.alignmentOffset(into.position(), BLOCK) == 0
                && into.remaining() >= BLOCK) {
            ByteBuffer whole = into.slice(into.position(), into.remaining() / BLOCK * BLOCK);
            int n = channel.read(whole, position);
            into.position(into.position() + Math.max(n, 0));
            position += Math.max(n, 0);
            return n;
        }
        return readStaged(into);
    }

    /**
     * Serves a read from the staging window, first filling it with the 1 MiB around {@code position} if it does
     * not hold it: a reader of small pieces (a stream's 8 KiB) then costs one disk read per MiB, not one per piece.
     */
    private int readStaged(ByteBuffer into) throws IOException {
        if (staging == null) {
            ByteBuffer spare = SPARE.poll();
            staging = spare != null ? spare : buffer(STAGING);
        }
        if (stagedAt < 0 || position < stagedAt || position >= stagedAt + staging.limit()) {
            stagedAt = position / BLOCK * BLOCK;
            staging.clear();
            int n;
            do { // one read, normally; a short one that ends on a block boundary is not yet the file's end
                n = channel.read(staging, stagedAt + staging.position());
            } while (n > 0 && staging.hasRemaining() && staging.position() % BLOCK == 0);
            staging.flip();
        }
        int offset = (int) (position - stagedAt);
        if (offset >= staging.limit()) {
            return -1;
        }
        int taken = Math.min(staging.limit() - offset, into.remaining());
        into.put(staging.slice(offset, taken));
        position += taken;
        return taken;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
        if (staging != null) {
            SPARE.offer(staging.clear());
            staging = null;
        }
    }
}

package ick.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Writes an upload's file to disk while the rest of it arrives, one {@code fsync} at a time beside the copy, so
 * that the {@code fsync} that ends the upload finds little left to write: on its own, at the end, it held the
 * answer back while the disk wrote the whole file (docs/benchmarks.md has the figures). It also keeps the dirty
 * pages of a big upload from piling up in memory. A failed
 * {@code fsync} fails the upload: after one, Linux may report the next as a success although pages were lost.
 */
final class EarlyWriteback {
    /** Bytes written between two early flushes. */
    static final long EVERY = 64L << 20;

    /** Flushes nothing early: for a file written past the page cache, where the last flush finds little left. */
    static final EarlyWriteback NEVER = new EarlyWriteback(null, null, Long.MAX_VALUE);

    private final FileChannel file;
    private final Executor executor;
    private CompletableFuture<Void> flushing = CompletableFuture.completedFuture(null);
    private long next;

    /**
     * @param executor runs each flush; it must start a task at once (a thread per task), as for the hashing
     */
    EarlyWriteback(FileChannel file, Executor executor) {
        this(file, executor, EVERY);
    }

    private EarlyWriteback(FileChannel file, Executor executor, long first) {
        this.file = file;
        this.executor = executor;
        this.next = first;
    }

    /** Told how much has been copied so far; starts a flush every {@link #EVERY} bytes unless one is running. */
    void copied(long bytes) throws IOException {
        if (bytes < next || !flushing.isDone()) {
            return;
        }
        awaitFlush(); // reports the failure of the one before
        next = bytes + EVERY;
        flushing = CompletableFuture.runAsync(() -> {
            try {
                file.force(false);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /** Waits for the running flush, if any; call it before the file is closed. */
    void awaitFlush() throws IOException {
        try {
            flushing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new IOException("writing the upload to disk failed: " + io.getMessage(), io);
            }
            throw e;
        }
    }

    /** Waits for the running flush when the copy failed already: that failure is the one to report. */
    void awaitFlushQuietly() {
        try {
            flushing.join();
        } catch (RuntimeException alsoFailed) {
            // the copy's own failure is reported
        }
    }
}

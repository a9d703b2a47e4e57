package ick.protocol;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the thread that reads or writes a blob's file ({@link DirectWriter}, {@link ReadAhead}). */
final class DiskTasks {
    private DiskTasks() {
    }

    /**
     * Waits until {@code task} ends; its failure is thrown as the IOException it was (a task wraps one in an
     * UncheckedIOException), or as one that says it was {@code doing} that failed.
     */
    static void await(Future<?> task, String doing) throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the disk");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException io ? io.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(doing + " failed", cause);
        }
    }
}

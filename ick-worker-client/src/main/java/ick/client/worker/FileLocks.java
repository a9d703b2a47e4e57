package ick.client.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Advisory locks on lock files that every worker process of a host sees (a cached system tree's, an action's
 * temp directory's). A process loses all its locks on a file when it closes any of its descriptors of that
 * file, and Java refuses a second lock on a file its JVM holds: so this JVM opens a file it holds a lock on
 * only once, and counts the shared holders of a lock instead of taking it again. Nothing else may open a
 * locked file either: not even {@code Files.setLastModifiedTime}, which opens it to set the time
 * ({@link Lock#touch()} does that instead).
 */
final class FileLocks {
    private static final Map<Path, Held> HELD = new HashMap<>();

    private FileLocks() {
    }

    /** A shared lock on {@code file} (created if missing), or null while someone holds it exclusively. */
    static Lock tryShared(Path file) throws IOException {
        return tryLock(file, true);
    }

    /** The exclusive lock on {@code file} (created if missing), or null while anyone holds a lock on it. */
    static Lock tryExclusive(Path file) throws IOException {
        return tryLock(file, false);
    }

    private static synchronized Lock tryLock(Path file, boolean shared) throws IOException {
        Path key = file.getParent().toRealPath().resolve(file.getFileName());
        Held held = HELD.get(key);
        if (held != null) {
            if (!shared || !held.lock.isShared()) {
                return null;
            }
            held.holders++;
            return new Lock(key);
        }
        // an action may have made its temp directory's lock file a link: a lock is on the file itself
        FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        HELD.put(key, new Held(channel, lock));
        return new Lock(key);
    }

    private static synchronized void touch(Path key) throws IOException {
        HELD.get(key).channel.write(ByteBuffer.wrap(new byte[]{'\n'}), 0);
    }

    private static synchronized void release(Path key) {
        Held held = HELD.get(key);
        if (--held.holders == 0) {
            HELD.remove(key);
            try {
                held.channel.close(); // releases the lock
            } catch (IOException e) {
                // the descriptor is gone either way, and the lock with it
            }
        }
    }

    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        int holders = 1;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    /** One holder's lock; {@link #close()} lets go of it (the last holder's close releases it). */
    static final class Lock implements AutoCloseable {
        private final Path file;
        private boolean closed;

        private Lock(Path file) {
            this.file = file;
        }

        /** Sets the file's modification time to now, by a write through the descriptor that holds the lock. */
        void touch() throws IOException {
            FileLocks.touch(file);
        }

        @Override
        public void close() {
            synchronized (FileLocks.class) {
                if (!closed) {
                    closed = true;
                    release(file);
                }
            }
        }
    }
}

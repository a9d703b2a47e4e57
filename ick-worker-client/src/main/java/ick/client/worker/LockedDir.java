package ick.client.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A directory that a worker works in for a while, then removes (an action's temp directory, a system tree
 * being unpacked or evicted). Its user holds an exclusive lock on a lock file in it until it is removed, so
 * that the directories a worker killed by SIGKILL left can be told from those still in use, of this worker or
 * of another worker process on the host: {@link #removeStale}.
 */
final class LockedDir implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LockedDir.class.getName());
    /** A directory changed more recently may be one whose action has not locked it yet. */
    private static final Duration YOUNGEST_STALE = Duration.ofMinutes(1);

    private final Path dir;
    private final FileLocks.Lock lock;

    private LockedDir(Path dir, FileLocks.Lock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /** A new directory {@code root/prefix*}, its lock file {@code lockName} in it locked until {@link #close()}. */
    static LockedDir create(Path root, String prefix, String lockName) throws IOException {
        Path dir = Files.createTempDirectory(root, prefix);
        FileLocks.Lock lock = FileLocks.tryExclusive(dir.resolve(lockName));
        if (lock == null) {
            throw new IOException("cannot lock the new directory " + dir);
        }
        return new LockedDir(dir, lock);
    }

    Path dir() {
        return dir;
    }

    /** Removes the directory, then lets go of its lock. */
    @Override
    public void close() {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            LOG.warning(() -> "cannot remove " + dir + ": " + e);
        } finally {
            lock.close();
        }
    }

    /**
     * Removes the directories {@code root/prefix*} whose lock file {@code lockName} nobody holds: their worker was
     * killed. Only directories of this worker's user that no other user may write to, and whose links are
     * removed, never followed (an action's files are not to be trusted). A directory without a lock file (made
     * by an older worker) stays. Returns how many went.
     */
    static int removeStale(Path root, String prefix, String lockName) throws IOException {
        int removed = 0;
        try (Stream<Path> entries = Files.list(root)) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                try {
                    if (removeIfStale(dir, lockName)) {
                        removed++;
                    }
                } catch (IOException e) {
                    LOG.warning(() -> "cannot remove the stale directory " + dir + ": " + e);
                }
            }
        }
        return removed;
    }

    /** Removes the directory if nobody uses it; whether it did. */
    private static boolean removeIfStale(Path dir, String lockName) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() || !ownedByThisUser(dir)
                || attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)
                || attributes.lastModifiedTime().toInstant().isAfter(Instant.now().minus(YOUNGEST_STALE))
                || !Files.isRegularFile(dir.resolve(lockName), LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileLocks.Lock lock = FileLocks.tryExclusive(dir.resolve(lockName))) {
            if (lock == null) {
                return false; // in use
            }
            FileTrees.delete(dir);
        }
        return true;
    }

    private static boolean ownedByThisUser(Path dir) throws IOException {
        return Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                .equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }
}

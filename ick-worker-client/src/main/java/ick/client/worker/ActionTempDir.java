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
 * The temp directory of one action, {@code ick-action-ID-*} in the JVM's temp directory (its script,
 * parameters, a container's overlay), removed when the action ends. The action holds an exclusive lock on
 * {@code ick-action.lock} in it while it runs, so that the directories a worker killed by SIGKILL left can be
 * told from those of the actions that still run, of this worker or of another worker process on the host:
 * {@link #removeStale}.
 */
final class ActionTempDir implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ActionTempDir.class.getName());
    static final String PREFIX = "ick-action-";
    static final String LOCK = "ick-action.lock";
    /** A directory changed more recently may be one whose action has not locked it yet. */
    private static final Duration YOUNGEST_STALE = Duration.ofMinutes(1);

    private final Path dir;
    private final FileLocks.Lock lock;

    private ActionTempDir(Path dir, FileLocks.Lock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /** A new directory in {@code root} for action {@code actionId}, locked until {@link #close()}. */
    static ActionTempDir create(Path root, long actionId) throws IOException {
        Path dir = Files.createTempDirectory(root, PREFIX + actionId + "-");
        FileLocks.Lock lock = FileLocks.tryExclusive(dir.resolve(LOCK));
        if (lock == null) {
            throw new IOException("cannot lock the new temp directory " + dir);
        }
        return new ActionTempDir(dir, lock);
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
     * Removes the action temp directories in {@code root} whose lock nobody holds: their worker was killed. Only
     * directories of this worker's user that no other user may write to, and whose links are removed, never
     * followed (an action's files are not to be trusted). A directory without a lock file (made by an older
     * worker) stays. Returns how many went.
     */
    static int removeStale(Path root) throws IOException {
        int removed = 0;
        try (Stream<Path> entries = Files.list(root)) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                try {
                    if (removeIfStale(dir)) {
                        removed++;
                    }
                } catch (IOException e) {
                    LOG.warning(() -> "cannot remove the stale action temp directory " + dir + ": " + e);
                }
            }
        }
        return removed;
    }

    /** Removes the directory if it is a stale action temp directory; whether it did. */
    private static boolean removeIfStale(Path dir) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory() || !ownedByThisUser(dir)
                || attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)
                || attributes.lastModifiedTime().toInstant().isAfter(Instant.now().minus(YOUNGEST_STALE))
                || !Files.isRegularFile(dir.resolve(LOCK), LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileLocks.Lock lock = FileLocks.tryExclusive(dir.resolve(LOCK))) {
            if (lock == null) {
                return false; // its action runs
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

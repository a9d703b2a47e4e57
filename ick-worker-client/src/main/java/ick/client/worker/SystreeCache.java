package ick.client.worker;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The system trees a worker keeps by digest ({@code workspace-root/.systree-cache/SHA256}), from which
 * {@code populate: systree} copies, so that a tree is downloaded once per worker; one per populate, which
 * closes it when done. Beside each tree is its lock file, {@code SHA256.lock}, whose modification time is the
 * tree's last use: a populate holds it shared from before it looks for the tree until its copy is made. When
 * the populate closes the cache, the least recently used trees go until the rest fit in
 * {@code systree-cache-max-size}; a tree whose lock another populate holds, of this worker or of another
 * worker process on the host, is never one of them. The lock files stay when their tree goes: removing one
 * could let a worker that just opened it lock a file no one else sees.
 * <p>
 * A tree never changes once in the cache, so its size is counted once, when it is added, and kept in
 * {@code SHA256.size} beside it (which stays too: the size of a digest's tree is always the same); an eviction
 * sums those instead of walking every tree. A tree is unpacked in an {@code unpacking-*} directory and evicted by
 * a rename into an {@code evicting-*} one, each locked while a worker uses it ({@link LockedDir}), so that those a
 * killed worker left go at the next eviction.
 */
final class SystreeCache implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SystreeCache.class.getName());
    /** An eviction holds a tree's lock for a rename only; a populate waits that long at most. */
    private static final Duration EVICTION_WAIT = Duration.ofSeconds(30);
    private static final String DIGEST = "[0-9a-f]{64}";
    private static final String UNPACKING = "unpacking-";
    private static final String EVICTING = "evicting-";
    static final String LOCK = "ick-systree.lock";
    private static final String TREE = "tree";
    /**
     * Removing a multi-GB evicted tree takes seconds to minutes of which the populate's result need not wait: it
     * is out of the cache once renamed, and a worker killed while removing it leaves it for the next eviction.
     */
    private static final Executor IN_BACKGROUND = task -> {
        Thread thread = new Thread(task, "systree-eviction");
        thread.setDaemon(true);
        thread.start();
    };

    private final Path dir;
    private final long maxBytes;
    private final ActionOutput out;
    private final Executor removals;
    private final List<FileLocks.Lock> used = new ArrayList<>();
    private final List<LockedDir> evicted = new ArrayList<>();

    /** A cache that removes its evicted trees with {@code removals}. */
    SystreeCache(Path dir, long maxBytes, ActionOutput out, Executor removals) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.out = out;
        this.removals = removals;
    }

    /** A cache that removes its evicted trees before {@link #close()} returns. */
    SystreeCache(Path dir, long maxBytes, ActionOutput out) {
        this(dir, maxBytes, out, Runnable::run);
    }

    static SystreeCache of(ActionContext context, ActionOutput out) {
        return new SystreeCache(BlobSteps.systreeCache(context), context.limits().systreeCacheMaxBytes(), out,
                IN_BACKGROUND);
    }

    /**
     * Where the tree of that digest is kept (present or not: filling it is the caller's), held for this populate
     * and marked as used now.
     */
    Path use(String sha256) throws IOException, InterruptedException {
        if (!sha256.matches(DIGEST)) {
            throw new IOException("\"" + sha256 + "\" is not a SHA-256 digest");
        }
        Files.createDirectories(dir);
        Path lockFile = lockFile(sha256);
        long deadline = System.nanoTime() + EVICTION_WAIT.toNanos();
        FileLocks.Lock lock;
        while ((lock = FileLocks.tryShared(lockFile)) == null) {
            if (System.nanoTime() > deadline) {
                throw new IOException(lockFile + " stays locked: is an eviction stuck?");
            }
            Thread.sleep(10);
        }
        used.add(lock);
        lock.touch();
        return dir.resolve(sha256);
    }

    /** What {@link #add} unpacks into a new directory. */
    interface Unpacker {
        void unpackInto(Path tree) throws IOException;
    }

    /**
     * Caches the tree that {@code unpacker} makes as that of the digest (which this populate {@link #use}s), unless
     * another populate of this worker cached it first; a tree unpacked in part is never left in the cache.
     */
    void add(String sha256, Unpacker unpacker) throws IOException {
        Files.createDirectories(dir);
        try (LockedDir unpacking = LockedDir.create(dir, UNPACKING, LOCK)) {
            Path tree = unpacking.dir().resolve(TREE);
            unpacker.unpackInto(tree);
            writeSize(sha256, bytes(tree));
            try {
                Files.move(tree, dir.resolve(sha256), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(dir.resolve(sha256))) {
                    throw e;
                } // else another action of this worker cached the same tree first: it is used
            }
        }
    }

    /**
     * Evicts what does not fit, then lets go of the trees this populate used, then removes the evicted trees; a
     * failed eviction fails nothing.
     */
    @Override
    public void close() {
        try {
            evict();
        } catch (IOException e) {
            out.line("populate: cannot evict old system trees from this worker's cache " + dir + ": " + e);
            LOG.warning(() -> "cannot evict old system trees from " + dir + ": " + e);
        } finally {
            used.forEach(FileLocks.Lock::close);
            used.clear();
            List<LockedDir> doomed = List.copyOf(evicted);
            evicted.clear();
            if (!doomed.isEmpty()) {
                removals.execute(() -> doomed.forEach(LockedDir::close));
            }
        }
    }

    private void evict() throws IOException {
        if (Files.isDirectory(dir)) {
            LockedDir.removeStale(dir, UNPACKING, LOCK);
            LockedDir.removeStale(dir, EVICTING, LOCK);
            evict(cached());
        }
    }

    /** Evicts from those trees, listed earlier: another worker process may have removed some since. */
    void evict(List<Cached> trees) throws IOException {
        long total = trees.stream().mapToLong(Cached::bytes).sum();
        for (Cached tree : trees) {
            if (total <= maxBytes) {
                return;
            }
            Removal removal = remove(tree.digest());
            if (removal != Removal.IN_USE) {
                total -= tree.bytes();
            }
            if (removal == Removal.REMOVED) {
                String line = String.format(Locale.ROOT, "populate: removed system tree %s (%.1f MB, last used %s)"
                        + " from this worker's cache, which holds at most %.1f MB (systree-cache-max-size)",
                        tree.digest(), tree.bytes() / 1e6, tree.lastUsed(), maxBytes / 1e6);
                out.line(line);
                LOG.info(line);
            }
        }
    }

    /** A complete tree in the cache. */
    record Cached(String digest, FileTime lastUsed, long bytes) {
    }

    /** The complete trees, least recently used first. */
    List<Cached> cached() throws IOException {
        List<Cached> trees = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path tree : entries.toList()) {
                String digest = tree.getFileName().toString();
                if (digest.matches(DIGEST) && Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
                    // a tree cached by a worker from before the lock files was last used when it was made
                    Path lockFile = lockFile(digest);
                    trees.add(new Cached(digest, Files.getLastModifiedTime(Files.exists(lockFile) ? lockFile : tree),
                            size(digest, tree)));
                }
            }
        }
        trees.sort(Comparator.comparing(Cached::lastUsed));
        return trees;
    }

    private enum Removal {
        /** This eviction removed the tree. */
        REMOVED,
        /** A populate holds the tree: it stays. */
        IN_USE,
        /** Another worker process evicted the tree since it was listed. */
        GONE_ALREADY
    }

    /** Takes the tree out of the cache unless a populate holds it; {@link #close()} removes it. */
    private Removal remove(String digest) throws IOException {
        try (FileLocks.Lock lock = FileLocks.tryExclusive(lockFile(digest))) {
            if (lock == null) {
                return Removal.IN_USE;
            }
            LockedDir evicting = LockedDir.create(dir, EVICTING, LOCK);
            try {
                Files.move(dir.resolve(digest), evicting.dir().resolve(TREE)); // at once: a populate finds it whole or not
            } catch (IOException e) {
                evicting.close();
                if (e instanceof NoSuchFileException) {
                    return Removal.GONE_ALREADY;
                }
                throw e;
            }
            evicted.add(evicting);
        }
        return Removal.REMOVED;
    }

    private Path lockFile(String digest) {
        return dir.resolve(digest + ".lock");
    }

    /** The tree's size from its size file; a tree without one (cached by an older worker) is measured once. */
    private long size(String digest, Path tree) throws IOException {
        try {
            return Long.parseLong(Files.readString(sizeFile(digest)).strip());
        } catch (NoSuchFileException | NumberFormatException e) {
            long bytes = bytes(tree);
            if (Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) { // else evicted while measured: the sum is short
                writeSize(digest, bytes);
            }
            return bytes;
        }
    }

    /** Writes the size file; one torn by a crash does not parse, and is written again. */
    private void writeSize(String digest, long bytes) throws IOException {
        Files.writeString(sizeFile(digest), Long.toString(bytes));
    }

    private Path sizeFile(String digest) {
        return dir.resolve(digest + ".size");
    }

    /** The size of the files of a tree (links not followed). */
    private static long bytes(Path tree) throws IOException {
        long[] sum = {0};
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                sum[0] += attrs.isRegularFile() ? attrs.size() : 0;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return sum[0];
    }
}

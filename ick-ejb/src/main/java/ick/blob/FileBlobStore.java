package ick.blob;

import ick.protocol.BlobInfo;
import ick.protocol.DirectReader;
import ick.protocol.DirectWriter;
import ick.protocol.FileHashing;
import ick.protocol.HashingCopy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Blobs on a local file system, under one directory:
 * <pre>
 *   data/SHA256HEX     the content, immutable, shared by names with the same content
 *   names/NAME         "SHA256HEX SIZE": which content a name has (NAME with '/' written as %2F)
 *   partial/NAME       the bytes of an unfinished upload so far
 *   tmp/               files being written, renamed into names/ when complete
 * </pre>
 * A name appears or changes only by the atomic rename of its small names/ file, after its content is on disk
 * (fsync), so a reader sees either the old blob or the new one, never half of one; an open blob stays readable
 * when its name is overwritten or deleted (its file is unlinked, not truncated).
 */
public final class FileBlobStore implements BlobStore {
    private static final Logger LOG = Logger.getLogger(FileBlobStore.class.getName());
    /**
     * An upload goes to the disk 4 MiB at a time, four buffers in flight: against 1 MiB and eight, a quarter of the
     * writes, hand-overs and socket reads for the same 16 MiB, and 5 GiB uploads went from a median of 67% of the
     * rate of {@code cp} to 74.5% (docs/benchmarks.md).
     */
    private static final int BUFFER = 4 << 20;
    private static final int BUFFERS = 4;
    private static final String SLASH = "%2F";

    private final HashingCopy copy;
    private final Executor background;
    private final Path root;
    private final Path data;
    private final Path names;
    private final Path partials;
    private final Path tmp;
    private final ConcurrentHashMap<String, ReentrantLock> uploads = new ConcurrentHashMap<>();
    /** Guards the link between names and contents (commit, delete). */
    private final Object links = new Object();

    /**
     * @param background starts the hashing of an upload beside its copy, a task as long as the upload
     *                   ({@link HashingCopy}: a thread per task, never a queue), its disk writes
     *                   ({@link DirectWriter}) or early flushes ({@link EarlyWriteback}), and the unlinking of
     *                   contents that no name has any more
     */
    public FileBlobStore(Path root, Executor background) throws IOException {
        this.copy = new HashingCopy(background, BUFFER, BUFFERS);
        this.background = background;
        this.root = root.toAbsolutePath().normalize();
        this.data = Files.createDirectories(this.root.resolve("data"));
        this.names = Files.createDirectories(this.root.resolve("names"));
        this.partials = Files.createDirectories(this.root.resolve("partial"));
        this.tmp = Files.createDirectories(this.root.resolve("tmp"));
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path p : leftovers.toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<BlobInfo> info(String name) throws IOException {
        Path link = names.resolve(fileName(name));
        try {
            String[] fields = Files.readString(link, StandardCharsets.US_ASCII).strip().split(" ");
            return Optional.of(new BlobInfo(name, Long.parseLong(fields[1]), fields[0],
                    Files.getLastModifiedTime(link).toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Opened> open(String name) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<BlobInfo> info = info(name);
            if (info.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Opened(info.get(), DirectReader.open(data.resolve(info.get().sha256()))));
            } catch (NoSuchFileException overwrittenMeanwhile) {
                // the name moved on between reading it and opening its content: read it again
            }
        }
        return Optional.empty();
    }

    @Override
    public Written write(String name, long offset, Long total, String expectedSha256, ReadableByteChannel body)
            throws IOException {
        ReentrantLock lock = uploads.computeIfAbsent(name, n -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new UploadBusyException(name);
        }
        try {
            return append(name, offset, total, expectedSha256, body);
        } finally {
            lock.unlock();
        }
    }

    private Written append(String name, long offset, Long total, String expectedSha256, ReadableByteChannel body)
            throws IOException {
        Path partial = partials.resolve(fileName(name));
        long held = Files.exists(partial) ? Files.size(partial) : 0;
        if (offset != 0 && offset != held) {
            throw new OffsetMismatchException(name, offset, held);
        }
        MessageDigest sha = HashingCopy.sha256();
        if (offset == 0) {
            Files.deleteIfExists(partial);
        } else {
            FileHashing.update(partial, sha, background); // the digest of what came before the break
        }
        long count;
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            DirectWriter writer = DirectWriter.open(partial, out, out.size(), BUFFER, background);
            // direct writes are on the disk as they return: early flushes would only stall them (benchmarks.md)
            EarlyWriteback writeback = writer.isDirect() ? EarlyWriteback.NEVER : new EarlyWriteback(out, background);
            try (writer) {
                count = offset + copy.copy(body, writer, sha, copied -> {
                    if (total != null && offset + copied > total) {
                        throw new IllegalArgumentException("the body is longer than the " + total
                                + " bytes that Content-Range announced; the upload was dropped");
                    }
                    writeback.copied(copied);
                });
            } catch (Throwable copyFailed) {
                writeback.awaitFlushQuietly();
                throw copyFailed;
            }
            writeback.awaitFlush();
            out.force(false);
        } catch (IllegalArgumentException tooLong) {
            Files.deleteIfExists(partial);
            throw tooLong;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the upload of " + name + " was interrupted");
        }
        if (total != null && count < total) {
            return new Written(null, false, count);
        }
        String hex = HexFormat.of().formatHex(sha.digest());
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(hex)) {
            Files.deleteIfExists(partial);
            throw new DigestMismatchException(name, expectedSha256.toLowerCase(), hex);
        }
        return commit(name, partial, hex, count);
    }

    private Written commit(String name, Path partial, String hex, long size) throws IOException {
        List<Path> aside = new ArrayList<>(2);
        try {
            synchronized (links) {
                Path content = data.resolve(hex);
                if (Files.exists(content)) {
                    setAside(partial, aside); // same content under another name, or again
                } else {
                    Files.move(partial, content, StandardCopyOption.ATOMIC_MOVE);
                    fsyncDirectory(data);
                }
                Path link = names.resolve(fileName(name));
                String previous = Files.exists(link) ? Files.readString(link).strip().split(" ")[0] : null;
                Path temp = Files.createTempFile(tmp, "name-", ".tmp");
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    out.write(ByteBuffer.wrap((hex + " " + size + "\n").getBytes(StandardCharsets.US_ASCII)));
                    out.force(true);
                }
                Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                fsyncDirectory(names);
                if (previous != null && !previous.equals(hex) && !isShared(previous)) {
                    setAside(data.resolve(previous), aside);
                }
                return new Written(info(name).orElseThrow(), previous != null, size);
            }
        } finally {
            unlinkInTheBackground(aside);
        }
    }

    @Override
    public long partialOffset(String name) throws IOException {
        Path partial = partials.resolve(fileName(name));
        try {
            return Files.size(partial);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    @Override
    public boolean deletePartial(String name) throws IOException {
        ReentrantLock lock = uploads.computeIfAbsent(name, n -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new UploadBusyException(name);
        }
        try {
            return Files.deleteIfExists(partials.resolve(fileName(name)));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String name) throws IOException {
        List<Path> aside = new ArrayList<>(1);
        try {
            synchronized (links) {
                Optional<BlobInfo> info = info(name);
                if (info.isEmpty()) {
                    return false;
                }
                Files.deleteIfExists(names.resolve(fileName(name)));
                if (!isShared(info.get().sha256())) {
                    setAside(data.resolve(info.get().sha256()), aside);
                }
                return true;
            }
        } finally {
            unlinkInTheBackground(aside);
        }
    }

    /**
     * Takes a content file out of the store at once, by a rename into tmp/, for {@link #unlinkInTheBackground}:
     * freeing a file of gigabytes keeps the file system busy for seconds, which every other commit (waiting for
     * the lock on the links) and the upload's answer would wait for. An open blob stays readable, as it would when
     * unlinked. What a crash leaves in tmp/ goes at the next start.
     */
    private void setAside(Path file, List<Path> aside) throws IOException {
        Path to = tmp.resolve("unlink-" + UUID.randomUUID());
        try {
            Files.move(file, to, StandardCopyOption.ATOMIC_MOVE);
            aside.add(to);
        } catch (NoSuchFileException gone) {
            // nothing to free
        }
    }

    private void unlinkInTheBackground(List<Path> aside) {
        if (!aside.isEmpty()) {
            background.execute(new Unlinking(aside));
        }
    }

    /** The task that unlinks contents set aside. */
    record Unlinking(List<Path> files) implements Runnable {
        @Override
        public void run() {
            for (Path file : files) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warning(() -> "cannot delete " + file + " (it goes at the next start): " + e);
                }
            }
        }
    }

    @Override
    public List<BlobInfo> list() throws IOException {
        List<BlobInfo> all = new ArrayList<>();
        try (Stream<Path> links = Files.list(names)) {
            for (Path link : links.toList()) {
                info(nameOf(link)).ifPresent(all::add);
            }
        }
        all.sort(Comparator.comparing(BlobInfo::name));
        return all;
    }

    @Override
    public List<Partial> partials() throws IOException {
        List<Partial> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(partials)) {
            for (Path file : files.toList()) {
                try {
                    all.add(new Partial(nameOf(file), Files.size(file), Files.getLastModifiedTime(file).toInstant()));
                } catch (NoSuchFileException finishedMeanwhile) {
                    // gone: nothing to report
                }
            }
        }
        return all;
    }

    @Override
    public long exclusiveBytes(String name) throws IOException {
        synchronized (links) {
            Optional<BlobInfo> info = info(name);
            if (info.isEmpty()) {
                return 0;
            }
            return countLinks(info.get().sha256()) > 1 ? 0 : info.get().size();
        }
    }

    private boolean isShared(String hex) throws IOException {
        return countLinks(hex) > 0;
    }

    /** How many names have content {@code hex}: a scan, fine for the thousands of blobs a CI keeps. */
    private int countLinks(String hex) throws IOException {
        int count = 0;
        try (Stream<Path> links = Files.list(names)) {
            for (Path link : links.toList()) {
                try {
                    if (Files.readString(link).startsWith(hex + " ")) {
                        count++;
                    }
                } catch (NoSuchFileException gone) {
                    // deleted meanwhile
                }
            }
        }
        return count;
    }

    static String fileName(String name) {
        if (!BlobNames.isValid(name)) {
            throw new IllegalArgumentException("invalid blob name");
        }
        return name.replace("/", SLASH);
    }

    private static String nameOf(Path file) {
        return file.getFileName().toString().replace(SLASH, "/");
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync directory " + dir, e);
        }
    }

}

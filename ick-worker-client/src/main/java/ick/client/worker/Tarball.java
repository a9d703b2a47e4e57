package ick.client.worker;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A directory tree as a zstd-compressed POSIX tar (Apache Commons Compress, zstd-jni): regular files,
 * directories and symbolic links with their permission bits (setuid, setgid and sticky included), times,
 * and numeric owners (restored when the worker runs as root). Device nodes, sockets and FIFOs are skipped:
 * a container gets a fresh /dev. Symbolic links are stored as links and never followed, not even while
 * extracting (see {@link Extraction}); extraction refuses entries that would land outside the target directory.
 */
final class Tarball {
    private static final int LEVEL = 3;

    private Tarball() {
    }

    /** What {@link #create} wrote. */
    record Stats(long files, long bytes) {
    }

    static Stats create(Path dir, OutputStream target) throws IOException {
        long[] counts = new long[2];
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new ZstdOutputStream(new BufferedOutputStream(target, 1 << 16), LEVEL))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!d.equals(dir)) {
                        put(tar, dir, d, attrs);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (put(tar, dir, f, attrs)) {
                        counts[0]++;
                        counts[1] += attrs.isRegularFile() ? attrs.size() : 0;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            tar.finish();
        }
        return new Stats(counts[0], counts[1]);
    }

    private static boolean put(TarArchiveOutputStream tar, Path root, Path p, BasicFileAttributes attrs)
            throws IOException {
        String name = root.relativize(p).toString().replace('\\', '/');
        TarArchiveEntry entry;
        if (attrs.isSymbolicLink()) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (attrs.isDirectory()) {
            entry = new TarArchiveEntry(name + "/");
        } else if (attrs.isRegularFile()) {
            entry = new TarArchiveEntry(name);
            entry.setSize(attrs.size());
        } else {
            return false; // device, socket, fifo
        }
        Map<String, Object> unix = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        entry.setMode((Integer) unix.get("mode") & 07777 | (attrs.isDirectory() ? 040000
                : attrs.isSymbolicLink() ? 0120000 : 0100000));
        entry.setUserId(((Number) unix.get("uid")).longValue());
        entry.setGroupId(((Number) unix.get("gid")).longValue());
        entry.setModTime(attrs.lastModifiedTime());
        tar.putArchiveEntry(entry);
        if (attrs.isRegularFile()) {
            Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
        return true;
    }

    /** Unpacks a tarball made by {@link #create} into {@code dir} (which should be empty). */
    static void extract(InputStream source, Path dir) throws IOException {
        Files.createDirectories(dir);
        Extraction extraction = new Extraction(dir.toRealPath(), "root".equals(System.getProperty("user.name")));
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new ZstdInputStream(new BufferedInputStream(source, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                extraction.add(entry, tar);
            }
        }
        extraction.finish();
    }

    /**
     * One extraction. As GNU tar does, it never follows a symbolic link, so that an archive cannot write
     * outside the target through one of its own links: links are made last, every entry's parent directories
     * must be real directories inside the target, a file is made anew (what was there is deleted, not written
     * through), and the directories' modes and times are set without following links. The last entry of a
     * name is the one that stays.
     */
    private static final class Extraction {
        private final Path root;
        private final boolean asRoot;
        private final Map<Path, TarArchiveEntry> directories = new LinkedHashMap<>();
        private final Map<Path, TarArchiveEntry> symlinks = new LinkedHashMap<>();

        Extraction(Path root, boolean asRoot) {
            this.root = root;
            this.asRoot = asRoot;
        }

        void add(TarArchiveEntry entry, InputStream content) throws IOException {
            Path target = inside(entry, entry.getName());
            if (target.equals(root)) {
                return;
            }
            if (!entry.isDirectory()) {
                directories.remove(target);
            }
            symlinks.remove(target);
            if (entry.isDirectory()) {
                directory(target, entry);
                directories.put(target, entry); // modes and times after their content is written
            } else if (entry.isSymbolicLink()) {
                symlinks.put(target, entry); // made last, so that no entry is written through one
            } else if (entry.isLink()) {
                hardLink(target, entry);
            } else if (!entry.isCharacterDevice() && !entry.isBlockDevice() && !entry.isFIFO() && entry.isFile()) {
                file(target, entry, content);
            }
        }

        void finish() throws IOException {
            for (Map.Entry<Path, TarArchiveEntry> link : symlinks.entrySet()) {
                symlink(link.getKey(), link.getValue());
            }
            List<Path> made = new ArrayList<>(directories.keySet());
            for (int i = made.size() - 1; i >= 0; i--) {
                Path target = made.get(i);
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && target.toRealPath().equals(target)) {
                    TarArchiveEntry d = directories.get(target);
                    owner(target, d);
                    Files.setAttribute(target, "unix:mode", d.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
                    modified(target, d);
                }
            }
        }

        private void directory(Path target, TarArchiveEntry entry) throws IOException {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                clear(target, entry);
            }
            directories(target, entry);
        }

        private void file(Path target, TarArchiveEntry entry, InputStream content) throws IOException {
            directories(target.getParent(), entry);
            clear(target, entry);
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                content.transferTo(out);
            }
            owner(target, entry);
            Files.setAttribute(target, "unix:mode", entry.getMode() & 07777, LinkOption.NOFOLLOW_LINKS);
            modified(target, entry);
        }

        private void hardLink(Path target, TarArchiveEntry entry) throws IOException {
            Path existing = inside(entry, entry.getLinkName());
            if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)
                    || !existing.getParent().toRealPath().equals(existing.getParent())) {
                throw new IOException("tar entry " + entry.getName() + " is a hard link to " + entry.getLinkName()
                        + ", which is not a file extracted before it");
            }
            directories(target.getParent(), entry);
            clear(target, entry);
            Files.createLink(target, existing);
        }

        private void symlink(Path target, TarArchiveEntry entry) throws IOException {
            directories(target.getParent(), entry);
            clear(target, entry);
            Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
            owner(target, entry);
        }

        /** Makes {@code dir} and its missing parents, refusing to go through a symbolic link or a file. */
        private void directories(Path dir, TarArchiveEntry entry) throws IOException {
            Path at = root;
            for (Path name : root.relativize(dir)) {
                at = at.resolve(name);
                if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                    if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                        throw new IOException("tar entry " + entry.getName() + " would go through "
                                + root.relativize(at) + ", which is not a directory");
                    }
                    Files.createDirectory(at);
                }
            }
        }

        /** Deletes what an earlier entry of the same name left there, without following it. */
        private static void clear(Path target, TarArchiveEntry entry) throws IOException {
            try {
                Files.deleteIfExists(target);
            } catch (DirectoryNotEmptyException e) {
                throw new IOException("tar entry " + entry.getName() + " would replace a directory that is not empty");
            }
        }

        private Path inside(TarArchiveEntry entry, String name) throws IOException {
            Path target = root.resolve(name).normalize();
            if (!target.startsWith(root)) {
                throw new IOException("tar entry " + entry.getName() + (name.equals(entry.getName()) ? ""
                        : " (a link to " + name + ")") + " would land outside " + root);
            }
            return target;
        }

        private void owner(Path target, TarArchiveEntry entry) throws IOException {
            if (asRoot) {
                Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            }
        }

        private static void modified(Path target, TarArchiveEntry entry) throws IOException {
            Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(entry.getModTime().toInstant()), null, null);
        }
    }

    /** The permission bits as Java sees them, for tests. */
    static Set<PosixFilePermission> permissions(Path p) throws IOException {
        return Files.isSymbolicLink(p) ? EnumSet.noneOf(PosixFilePermission.class) : Files.getPosixFilePermissions(p);
    }
}

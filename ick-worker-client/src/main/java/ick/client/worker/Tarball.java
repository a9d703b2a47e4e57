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
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A directory tree as a zstd-compressed POSIX tar (Apache Commons Compress, zstd-jni): regular files,
 * directories and symbolic links with their permission bits (setuid, setgid and sticky included), times,
 * and numeric owners (restored when the worker runs as root). Device nodes, sockets and FIFOs are skipped:
 * a container gets a fresh /dev. Symbolic links are stored as links, never followed, and extraction refuses
 * entries that would land outside the target directory.
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
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        boolean root0 = "root".equals(System.getProperty("user.name"));
        List<TarArchiveEntry> directories = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new ZstdInputStream(new BufferedInputStream(source, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    if (target.equals(root)) {
                        continue;
                    }
                    throw new IOException("tar entry " + entry.getName() + " would land outside " + root);
                }
                Files.createDirectories(target.getParent());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    directories.add(entry); // modes and times after their content is written
                } else if (entry.isSymbolicLink()) {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    owner(target, entry, root0);
                } else if (entry.isFile()) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    owner(target, entry, root0);
                    Files.setAttribute(target, "unix:mode", entry.getMode() & 07777);
                    Files.setLastModifiedTime(target, FileTime.from(entry.getModTime().toInstant()));
                }
            }
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            TarArchiveEntry d = directories.get(i);
            Path target = root.resolve(d.getName()).normalize();
            owner(target, d, root0);
            Files.setAttribute(target, "unix:mode", d.getMode() & 07777);
            Files.setLastModifiedTime(target, FileTime.from(d.getModTime().toInstant()));
        }
    }

    private static void owner(Path target, TarArchiveEntry entry, boolean asRoot) throws IOException {
        if (asRoot) {
            Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** The permission bits as Java sees them, for tests. */
    static Set<PosixFilePermission> permissions(Path p) throws IOException {
        return Files.isSymbolicLink(p) ? EnumSet.noneOf(PosixFilePermission.class) : Files.getPosixFilePermissions(p);
    }
}

package ick.client.worker;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The body of an APT upload ({@code POST /api/v1/apt/{suite}/uploads}): a plain tar of the signed
 * {@code .changes} first, then every file it lists, flat (no directories), each a regular file of mode 0644.
 */
final class UploadTar {
    private UploadTar() {
    }

    /** Writes the tar of {@code changes} and {@code files} (plain names in one directory) to {@code out}. */
    static void write(Path changes, List<Path> files, OutputStream out) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            add(tar, changes);
            for (Path file : files) {
                add(tar, file);
            }
            tar.finish();
        }
    }

    private static void add(TarArchiveOutputStream tar, Path file) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(file.getFileName().toString());
        entry.setSize(Files.size(file));
        entry.setMode(0100644);
        entry.setModTime(Files.getLastModifiedTime(file).toMillis());
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }
}

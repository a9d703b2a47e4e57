package ick.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Executor;

/**
 * The SHA-256 of a file already on disk: of a blob about to be sent, or of the part of one that a resume keeps.
 * A big file is read a buffer ahead on a thread of its own ({@link ReadAhead}) while the caller hashes, so that
 * the SHA-256 (0.66 CPU s per GiB here) is the only wait. Read and hashed in turn on one thread, a 5 GiB
 * {@code icktool blob put}, which hashes first, took 13.3-14.8 s; so, 12.1-12.3 s (docs/benchmarks.md).
 */
public final class FileHashing {
    private static final int BUFFER = 1 << 20;

    private FileHashing() {
    }

    /**
     * Adds the whole of {@code file} to {@code sha}, reading ahead on {@code background}.
     *
     * @param background runs the reading, a task as long as the file: it must start it at once (a thread per
     *                   task), never queue it behind other readers
     * @return the bytes hashed: the file's length
     */
    public static long update(Path file, MessageDigest sha, Executor background) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             ReadAhead ahead = ReadAhead.start(in, 0, in.size(), BUFFER, background)) {
            long hashed = 0;
            for (ByteBuffer bytes = ahead.next(); bytes != null; bytes = ahead.next()) {
                hashed += bytes.remaining();
                sha.update(bytes);
            }
            return hashed;
        }
    }

    /** The SHA-256 of {@code file}, in lower-case hex, reading ahead on {@code background}. */
    public static String sha256(Path file, Executor background) throws IOException {
        MessageDigest sha = HashingCopy.sha256();
        update(file, sha, background);
        return HexFormat.of().formatHex(sha.digest());
    }
}

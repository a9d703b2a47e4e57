package ick.client.http;

import ick.protocol.DirectWriter;
import ick.protocol.FileHashing;
import ick.protocol.HashingCopy;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Executor;

/**
 * Receives a blob's body straight into a {@code .part} file, hashing on the way: a 200 replaces the file, a 206
 * appends to it (the bytes already there are hashed first), and the hashing runs beside the copy
 * ({@link HashingCopy}).
 */
final class FileDownload {
    /** Starts each task on a thread of its own, a daemon so that it never holds the program open. */
    private static final Executor BACKGROUND = task -> {
        Thread thread = new Thread(task, "blob-download");
        thread.setDaemon(true);
        thread.start();
    };
    /**
     * Bytes per piece hashed and per write to the disk: 4 MiB rather than 1 MiB takes a quarter of the hand-overs
     * to the hashing thread and of the disk writes, and 5 GiB downloads ran faster (docs/benchmarks.md).
     */
    private static final int PIECE = 4 << 20;
    /** Hashes beside the copy, four pieces in flight, and the disk writes go on beside it too ({@link DirectWriter}). */
    private static final HashingCopy COPY = new HashingCopy(BACKGROUND, PIECE, 4);

    private FileDownload() {
    }

    /**
     * Reads the body of a 200 or 206 answer into {@code part}.
     *
     * @return the SHA-256 (hex) of the whole part file
     * @throws IOException when the body breaks off (also before its announced length) or the file cannot be
     *                     written; the part file keeps what arrived, for a resume
     */
    static String receive(HttpURLConnection answer, int status, Path part, BlobClient.Progress progress)
            throws IOException, InterruptedException {
        MessageDigest sha = HashingCopy.sha256();
        long done = status == 206 ? FileHashing.update(part, sha, BACKGROUND) : 0;
        long length = answer.getContentLengthLong();
        long total = length < 0 ? -1 : done + length;
        long received;
        try (InputStream in = answer.getInputStream();
             FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     status == 206 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            try (DirectWriter writer = DirectWriter.open(part, out, out.size(), PIECE,
                    BACKGROUND)) {
                received = COPY.copy(in, writer, sha, copied -> {
                    progress.update(done + copied, total);
                    StreamingHttp.checkInterrupt(answer);
                });
            }
        }
        if (length >= 0 && received < length) {
            throw new IOException("the body broke off after " + received + " of " + length + " bytes");
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The SHA-256 (hex) of a file, read ahead on a thread of its own while this one hashes. */
    static String sha256(Path file) throws IOException {
        return FileHashing.sha256(file, BACKGROUND);
    }
}

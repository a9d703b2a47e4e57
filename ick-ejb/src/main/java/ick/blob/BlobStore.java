package ick.blob;

import ick.protocol.BlobInfo;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where blobs are kept. Names are valid {@link BlobNames} (the caller checks). Implementations stream: no
 * method holds a blob in memory. A blob appears under its name only once complete and verified; an upload
 * cut short leaves a partial that {@link #write} continues from its {@link #partialOffset}. Local disk
 * today ({@link FileBlobStore}); an S3-compatible store fits the same shape (partials as multipart uploads).
 */
public interface BlobStore {
    /** A blob opened for reading; close it. The content stays readable even if the name is overwritten. */
    record Opened(BlobInfo info, SeekableByteChannel channel) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** What a {@link #write} achieved: the blob is complete ({@code info} set) or {@code offset} bytes are held. */
    record Written(BlobInfo info, boolean replaced, long offset) {
        public boolean complete() {
            return info != null;
        }
    }

    /** A partial upload, for retention. */
    record Partial(String name, long size, Instant modified) {
    }

    Optional<BlobInfo> info(String name) throws IOException;

    Optional<Opened> open(String name) throws IOException;

    /**
     * Appends {@code body} (a blocking channel, read to its end) to the blob's partial at {@code offset} (0 starts
     * afresh, discarding any partial).
     * When the partial reaches {@code total} bytes (or, when {@code total} is null, when the body ends) the
     * blob is complete: its SHA-256 is compared with {@code expectedSha256} (if given; on a mismatch the
     * partial is deleted and nothing is kept), it is made durable and appears atomically under its name.
     * If reading {@code body} fails (the connection broke), what arrived is kept as the partial.
     *
     * @throws OffsetMismatchException when {@code offset} is not where the partial ends
     * @throws DigestMismatchException when the content does not have the expected digest
     * @throws UploadBusyException when another upload of the same name is in progress
     * @throws IllegalArgumentException when the body is longer than {@code total}
     */
    Written write(String name, long offset, Long total, String expectedSha256, ReadableByteChannel body)
            throws IOException;

    /** How many bytes of an unfinished upload of {@code name} are held (0 if none). */
    long partialOffset(String name) throws IOException;

    /** Drops an unfinished upload; says whether there was one. */
    boolean deletePartial(String name) throws IOException;

    /** Deletes a blob; says whether it existed. */
    boolean delete(String name) throws IOException;

    /** Every blob, sorted by name. */
    List<BlobInfo> list() throws IOException;

    /** Every unfinished upload. */
    List<Partial> partials() throws IOException;

    /** Bytes the blob's content occupies that deleting it would free (0 if another name shares the content). */
    long exclusiveBytes(String name) throws IOException;
}

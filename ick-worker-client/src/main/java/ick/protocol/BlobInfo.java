package ick.protocol;

import java.time.Instant;

/**
 * A stored blob, as {@code GET /api/v1/blobs} lists it.
 *
 * @param name     the blob's name ({@code /}-separated segments, e.g. {@code workspace/hello})
 * @param size     its length in bytes
 * @param sha256   the SHA-256 of its content, lower-case hex (also its ETag)
 * @param modified when this name was last written
 */
public record BlobInfo(String name, long size, String sha256, Instant modified) {
}

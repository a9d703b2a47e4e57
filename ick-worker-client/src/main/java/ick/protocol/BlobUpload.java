package ick.protocol;

/**
 * The state of an unfinished upload ({@code GET /api/v1/uploads/{name}}): the next PUT of the blob resumes
 * with {@code Content-Range: bytes OFFSET-LAST/TOTAL}.
 *
 * @param name   the blob's name
 * @param offset how many bytes the controller holds (0: none)
 */
public record BlobUpload(String name, long offset) {
}

/**
 * Blobs: named, immutable byte sequences of any size (workspaces, system trees, build artifacts) that
 * workers and icktool upload and download through {@code /api/v1/blobs}. A {@link ick.blob.BlobStore} keeps
 * them ({@link ick.blob.FileBlobStore} on a local disk by default); every blob is streamed, never held in
 * memory, carries the SHA-256 computed while it arrived, appears only when complete (atomic rename), and an
 * interrupted upload leaves a partial that a later {@code Content-Range} PUT resumes. The
 * {@code blob-retention} batch job deletes blobs no project references once they are old enough. Names are not
 * owned, so {@link ick.blob.BlobPins} keeps the SHA-256 that blobs builds hand on by name (system trees, named
 * workspaces) must have when they are populated.
 */
package ick.blob;

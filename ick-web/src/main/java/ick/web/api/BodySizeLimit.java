package ick.web.api;

import ick.apt.AptSettings;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * Refuses request bodies over 1 MiB with 413: at once when Content-Length says so, else (chunked bodies) as
 * soon as reading passes the limit. Blob uploads ({@code /blobs/...}) are streams of any size: not limited.
 * APT uploads ({@code /apt/SUITE/uploads}, streamed to disk) have their own limit, {@code ick.apt.max-upload-bytes}.
 * A worker's plain-text output ({@code /work/ID/output}) may be up to {@link #OUTPUT_MAX_BYTES}.
 */
@Provider
@PreMatching
public class BodySizeLimit implements ContainerRequestFilter {
    public static final long MAX_BYTES = 1024 * 1024;
    private static final Pattern APT_UPLOAD = Pattern.compile("/apt/[^/]+/uploads/?");
    /** A worker's output call: what an action printed while the worker's last call was on its way. */
    public static final long OUTPUT_MAX_BYTES = 8 * 1024 * 1024;
    private static final Pattern OUTPUT = Pattern.compile("/work/[0-9]+/output/?");

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/blobs/")) {
            return; // streamed to the blob store, never held in memory: see BlobResource
        }
        String path = request.getUriInfo().getPath();
        long limit = APT_UPLOAD.matcher(path).matches() ? AptSettings.fromConfig().maxUploadBytes()
                : OUTPUT.matcher(path).matches() ? OUTPUT_MAX_BYTES : MAX_BYTES;
        if (declaredLength(request) > limit) {
            request.abortWith(Problems.of(413, new BodyTooLargeException(limit).getMessage()));
            return;
        }
        request.setEntityStream(new Limited(request.getEntityStream(), limit));
    }

    /** Content-Length as a long: JAX-RS's {@code getLength()} is an int and fails on bodies over 2 GiB. */
    private static long declaredLength(ContainerRequestContext request) {
        String length = request.getHeaderString("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // more digits than a long: too large for any limit
        }
    }

    /** Counts what is read and fails past the limit. */
    static final class Limited extends FilterInputStream {
        private final long limit;
        private long count;

        Limited(InputStream in) {
            this(in, MAX_BYTES);
        }

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            add(skipped);
            return skipped;
        }

        private void add(long n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }
    }
}

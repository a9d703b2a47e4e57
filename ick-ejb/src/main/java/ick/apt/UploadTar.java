package ick.apt;

import ick.problem.InvalidInputException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks an upload: a tar (POSIX, GNU or pax, uncompressed) of regular files with flat names
 * ({@link UploadNames}), at most {@value #MAX_FILES} of them, each name once. Anything else (a directory, a
 * link, a device, {@code ../x}, {@code /etc/x}, a damaged archive) is refused with 400 and the caller deletes
 * what was written. The size of the whole body is limited by the web layer, which a failure to read the
 * body (e.g. over that limit) reaches unchanged.
 */
final class UploadTar {
    static final int MAX_FILES = 256;

    private UploadTar() {
    }

    /** Writes the files of {@code tar} into the empty directory {@code dir}; returns their names in tar order. */
    static List<String> unpack(InputStream tar, Path dir) throws IOException {
        Body body = new Body(tar);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(body)) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                if (!entry.isFile() || entry.isLink() || entry.isSymbolicLink()) {
                    throw refused("the upload holds " + UploadNames.quote(name) + ", which is not a regular file"
                            + " (the tar must hold only files, flat, no directories or links)");
                }
                UploadNames.problem(name).ifPresent(problem -> {
                    throw refused("the upload's " + problem);
                });
                if (names.contains(name)) {
                    throw refused("the upload holds " + name + " twice");
                }
                if (names.size() == MAX_FILES) {
                    throw refused("the upload holds more than " + MAX_FILES + " files");
                }
                names.add(name);
                Files.copy(in, dir.resolve(name));
            }
        } catch (IOException e) {
            if (body.failure != null) {
                throw body.failure; // the body itself: too large, or the client went away
            }
            throw refused("the upload is not a valid tar archive: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw refused("the upload is not a valid tar archive: " + e.getMessage());
        }
        if (names.isEmpty()) {
            throw refused("the upload is an empty tar archive");
        }
        // Drain what follows the archive's end, so that a body over the size limit is refused as such.
        body.transferTo(OutputStream.nullOutputStream());
        return names;
    }

    private static InvalidInputException refused(String message) {
        return new InvalidInputException(message);
    }

    /** The request body, remembering a failure to read it (so it is not mistaken for a damaged archive). */
    private static final class Body extends FilterInputStream {
        IOException failure;

        Body(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() {
            // the request's stream belongs to the container
        }
    }
}

package ick.apt;

import ick.problem.InvalidInputException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadTarTest {
    @TempDir
    Path dir;

    @Test
    void flatFilesAreUnpackedInOrder() throws IOException {
        byte[] tar = tar(file("a_1.0.changes", "changes"), file("a_1.0_all.deb", "deb"));
        assertThat(UploadTar.unpack(new ByteArrayInputStream(tar), dir)).containsExactly("a_1.0.changes", "a_1.0_all.deb");
        assertThat(Files.readString(dir.resolve("a_1.0_all.deb"))).isEqualTo("deb");
    }

    @Test
    void aNameWithDotDotIsRefusedAndNothingLandsOutside() {
        byte[] tar = tar(file("../evil.changes", "x"));
        assertThatThrownBy(() -> UploadTar.unpack(new ByteArrayInputStream(tar), dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("\"../evil.changes\" is not allowed");
        assertThat(dir.resolveSibling("evil.changes")).doesNotExist();
    }

    @Test
    void directoriesAndLinksAreRefused() {
        TarArchiveEntry link = new TarArchiveEntry("a.deb", TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("/etc/passwd");
        assertThatThrownBy(() -> UploadTar.unpack(new ByteArrayInputStream(tar(new Entry(link, new byte[0]))), dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> UploadTar.unpack(new ByteArrayInputStream(
                tar(new Entry(new TarArchiveEntry("sub/"), new byte[0]))), dir))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a regular file");
    }

    @Test
    void garbageIsNotATar() {
        assertThatThrownBy(() -> UploadTar.unpack(new ByteArrayInputStream("hello".repeat(200)
                .getBytes(StandardCharsets.UTF_8)), dir)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aFailureToReadTheBodyReachesTheCallerUnchanged() {
        byte[] tar = tar(file("a.changes", "x".repeat(5000)));
        IOException tooLarge = new IOException("too large");
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(tar)) {
            int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if ((read += len) > 2048) {
                    throw tooLarge;
                }
                return super.read(b, off, len);
            }
        };
        assertThatThrownBy(() -> UploadTar.unpack(failing, dir)).isSameAs(tooLarge);
    }

    record Entry(TarArchiveEntry header, byte[] content) {
    }

    static Entry file(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(bytes.length);
        return new Entry(e, bytes);
    }

    static byte[] tar(Entry... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                tar.putArchiveEntry(e.header());
                tar.write(e.content());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}

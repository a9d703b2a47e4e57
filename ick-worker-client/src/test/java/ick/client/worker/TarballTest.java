package ick.client.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarballTest {
    @TempDir
    Path dir;

    @Test
    void aRoundTripKeepsContentModesSymlinksAndTimes() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("plain.txt"), "plain");
        Path script = Files.writeString(src.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Path deep = Files.createDirectories(src.resolve("a/b/" + "long-directory-name-".repeat(8)));
        Files.write(deep.resolve("data.bin"), new byte[300_000]);
        Path closed = Files.createDirectories(src.resolve("closed"));
        Files.writeString(closed.resolve("inside"), "x");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("r-x------"));
        Files.setAttribute(script, "unix:mode", 04750); // setuid kept too
        Files.createSymbolicLink(src.resolve("link"), Path.of("plain.txt"));
        Files.createSymbolicLink(src.resolve("dangling"), Path.of("/nonexistent/target"));
        Files.createDirectories(src.resolve("empty-dir"));
        Files.setLastModifiedTime(src.resolve("plain.txt"), FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));

        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        Tarball.Stats stats = Tarball.create(src, tar);
        assertThat(stats.files()).isEqualTo(6);
        Path out = dir.resolve("out");
        Tarball.extract(new ByteArrayInputStream(tar.toByteArray()), out);

        assertThat(Files.readString(out.resolve("plain.txt"))).isEqualTo("plain");
        assertThat(Files.getLastModifiedTime(out.resolve("plain.txt")).toInstant())
                .isEqualTo(Instant.parse("2020-01-02T03:04:05Z"));
        assertThat(Files.getAttribute(out.resolve("run.sh"), "unix:mode")).isEqualTo(0104750);
        assertThat(Files.size(out.resolve("a/b/" + "long-directory-name-".repeat(8) + "/data.bin"))).isEqualTo(300_000);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("closed"))))
                .isEqualTo("r-x------");
        assertThat(Files.readString(out.resolve("closed/inside"))).isEqualTo("x");
        assertThat(Files.isSymbolicLink(out.resolve("link"))).isTrue();
        assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(Path.of("plain.txt"));
        assertThat(Files.readSymbolicLink(out.resolve("dangling"))).isEqualTo(Path.of("/nonexistent/target"));
        assertThat(Files.isDirectory(out.resolve("empty-dir"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(tar.size()).isLessThan(10_000); // zstd: the zeros compress
    }

    @Test
    void anEntryThatClimbsOutIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new com.github.luben.zstd.ZstdOutputStream(bytes))) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("../escaped");
            entry.setSize(1);
            tar.putArchiveEntry(entry);
            tar.write('x');
            tar.closeArchiveEntry();
        }
        assertThatThrownBy(() -> Tarball.extract(new ByteArrayInputStream(bytes.toByteArray()), dir.resolve("t")))
                .isInstanceOf(IOException.class).hasMessageContaining("outside");
        assertThat(dir.resolve("escaped")).doesNotExist();
    }
}

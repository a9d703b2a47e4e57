package ick.client.worker;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
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
import java.nio.charset.StandardCharsets;
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

    @Test
    void hardLinkedFilesRoundTripAsFilesWithTheirContent() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("one"), "shared");
        Files.createLink(src.resolve("two"), src.resolve("one"));
        Path out = dir.resolve("out");
        Tarball.extract(tarOf(src), out);
        assertThat(out.resolve("one")).hasContent("shared");
        assertThat(out.resolve("two")).hasContent("shared");
    }

    @Test
    void aHardLinkEntryLinksToAFileExtractedBeforeItAndNeverToOneOutside() throws Exception {
        Path out = dir.resolve("out");
        Tarball.extract(tar(t -> {
            file(t, "a", "content");
            hardLink(t, "b", "a");
        }), out);
        assertThat(out.resolve("b")).hasContent("content");
        assertThat(Files.getAttribute(out.resolve("b"), "unix:ino")).isEqualTo(Files.getAttribute(out.resolve("a"), "unix:ino"));

        Path outside = Files.writeString(dir.resolve("outside-file"), "host");
        assertThatThrownBy(() -> Tarball.extract(tar(t -> hardLink(t, "hard", outside.toString())), dir.resolve("t")))
                .isInstanceOf(IOException.class).hasMessageContaining("would land outside");
        assertThatThrownBy(() -> Tarball.extract(tar(t -> hardLink(t, "hard", "../outside-file")), dir.resolve("t")))
                .isInstanceOf(IOException.class).hasMessageContaining("would land outside");
        assertThat(Files.getAttribute(outside, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void deviceNodesAndFifosInATarballAreSkipped() throws Exception {
        Path out = dir.resolve("out");
        Tarball.extract(tar(t -> {
            TarArchiveEntry device = new TarArchiveEntry("null", TarArchiveEntry.LF_CHR);
            device.setDevMajor(1);
            device.setDevMinor(3);
            t.putArchiveEntry(device);
            t.closeArchiveEntry();
            t.putArchiveEntry(new TarArchiveEntry("fifo", TarArchiveEntry.LF_FIFO));
            t.closeArchiveEntry();
        }), out);
        assertThat(out.resolve("null")).doesNotExist();
        assertThat(out.resolve("fifo")).doesNotExist();
    }

    @Test
    void aFileBeneathAnArchivedSymlinkIsNotWrittenThroughIt() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        ByteArrayInputStream tarball = tar(t -> {
            symlink(t, "evil", outside.toString());
            file(t, "evil/authorized_keys", "ssh-ed25519 AAAA attacker\n");
        });
        assertThatThrownBy(() -> Tarball.extract(tarball, dir.resolve("ws")))
                .isInstanceOf(IOException.class).hasMessageContaining("evil would replace a directory that is not empty");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void aSymlinkReplacingAnExtractedDirectoryIsKeptAsALinkAndItsTargetLeftAlone() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.setAttribute(outside, "unix:mode", 0700);
        Files.setLastModifiedTime(outside, FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
        Path out = dir.resolve("ws");
        Tarball.extract(tar(t -> {
            TarArchiveEntry d = new TarArchiveEntry("d/");
            d.setMode(040777);
            d.setModTime(FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
            t.putArchiveEntry(d);
            t.closeArchiveEntry();
            symlink(t, "d", outside.toString());
        }), out);
        assertThat(Files.readSymbolicLink(out.resolve("d"))).isEqualTo(outside);
        assertThat(Files.getAttribute(outside, "unix:mode")).isEqualTo(040700);
        assertThat(Files.getLastModifiedTime(outside).toInstant()).isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
    }

    @Test
    void theLastEntryOfANameStaysAndNoneIsWrittenThroughWhatWasThere() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside-file"), "host");
        Path out = Files.createDirectories(dir.resolve("ws"));
        Files.createSymbolicLink(out.resolve("planted"), outside);
        Tarball.extract(tar(t -> {
            file(t, "a", "first");
            hardLink(t, "b", "a");
            file(t, "b", "second");
            symlink(t, "c", outside.toString());
            file(t, "c", "a file, not a link");
            file(t, "planted", "inside");
            file(t, "a", "third");
        }), out);
        assertThat(out.resolve("a")).hasContent("third");
        assertThat(out.resolve("b")).hasContent("second");
        assertThat(Files.isSymbolicLink(out.resolve("c"))).isFalse();
        assertThat(out.resolve("c")).hasContent("a file, not a link");
        assertThat(Files.isSymbolicLink(out.resolve("planted"))).isFalse();
        assertThat(out.resolve("planted")).hasContent("inside");
        assertThat(outside).hasContent("host");
    }

    private interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static ByteArrayInputStream tar(Entries entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new ZstdOutputStream(bytes))) {
            entries.write(tar);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private static ByteArrayInputStream tarOf(Path tree) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Tarball.create(tree, bytes);
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private static void file(TarArchiveOutputStream tar, String name, String text) throws IOException {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0100644);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void hardLink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }
}

package ick.client.worker;

import ick.client.http.BlobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DebResultsTest {
    private static final String HEADER = """
            Format: 1.8
            Date: Mon, 01 Jan 2024 00:00:00 +0000
            Source: hello-ick
            Binary: hello-ick
            Architecture: source all
            Version: 0.1.0+ci3-1
            Distribution: ci
            """;
    private static final String DSC = "hello-ick_0.1.0+ci3-1.dsc";
    private static final String TAR = "hello-ick_0.1.0+ci3-1.tar.gz";
    private static final String DEB = "hello-ick_0.1.0+ci3-1_all.deb";
    private static final String BUILDINFO = "hello-ick_0.1.0+ci3-1_amd64.buildinfo";
    private static final String CHANGES = "hello-ick_0.1.0+ci3-1_amd64.changes";

    @TempDir
    Path dir;

    private final DebVersions.Plan plan = DebVersions.plan(
            DebVersions.topEntry("hello-ick (0.1.0-1) unstable; urgency=low"), "main", 3);

    @Test
    void theChangesComesFirstThenItsFilesInOrder() throws IOException {
        Path changes = build(DSC, TAR, DEB, BUILDINFO);
        assertThat(DebResults.changes(dir, plan)).isEqualTo(changes);
        assertThat(DebResults.names(changes, DebResults.files(changes, dir)))
                .containsExactly(CHANGES, DSC, TAR, DEB, BUILDINFO);
    }

    @Test
    void eachFileIsCopiedWithTheSizeAndChecksumTheChangesGives() throws IOException {
        Path changes = build(DSC, DEB);
        Path into = Files.createDirectories(dir.resolve("checked"));
        for (DebResults.Listed file : DebResults.files(changes, dir)) {
            assertThat(file.size()).isEqualTo(file.name().length());
            assertThat(file.sha256()).isEqualTo(BlobClient.sha256(dir.resolve(file.name())));
            assertThat(DebResults.copy(dir, file, into)).isEqualTo(into.resolve(file.name())).hasContent(file.name());
        }
    }

    @Test
    void earlierChangesOfTheSameVersionAreForgottenOthersKept() throws IOException {
        Path same = Files.writeString(dir.resolve(CHANGES), HEADER);
        Path other = Files.writeString(dir.resolve("hello-ick_0.1.0+ci2-1_amd64.changes"), HEADER);
        DebResults.forgetEarlier(dir, plan);
        assertThat(same).doesNotExist();
        assertThat(other).exists();
        assertThatThrownBy(() -> DebResults.changes(dir, plan)).hasMessageContaining("made no hello-ick_0.1.0+ci3-1_*.changes");
    }

    @Test
    void aMissingOrStrangeFileIsAnError() throws IOException {
        Path changes = build(DSC, TAR);
        Files.delete(dir.resolve(TAR));
        assertThatThrownBy(() -> DebResults.files(changes, dir)).hasMessageContaining("lists " + TAR + ", which is not there");
        Path climbing = Files.writeString(dir.resolve(CHANGES), "Files:\n 1111 5 misc optional ../../etc/passwd\n");
        assertThatThrownBy(() -> DebResults.files(climbing, dir)).hasMessageContaining("lists a strange file");
        Path empty = Files.writeString(dir.resolve(CHANGES), "Format: 1.8\n");
        assertThatThrownBy(() -> DebResults.files(empty, dir)).hasMessageContaining("lists no files");
    }

    @Test
    void aFileWithoutAChecksumIsAnError() throws IOException {
        Files.writeString(dir.resolve(DEB), DEB);
        Path changes = Files.writeString(dir.resolve(CHANGES), HEADER + "Files:\n 3333 5 misc optional " + DEB + "\n");
        assertThatThrownBy(() -> DebResults.files(changes, dir))
                .hasMessage(CHANGES + " has no Checksums-Sha256 entry for " + DEB);
    }

    @Test
    void aListedFileThatIsASymbolicLinkToAHostFileIsRefused() throws IOException {
        Path changes = build(DSC, DEB);
        Path secret = Files.writeString(Files.createDirectories(dir.resolve("host")).resolve("secret"), DEB);
        Files.delete(dir.resolve(DEB));
        Files.createSymbolicLink(dir.resolve(DEB), secret); // the same content: the checksum alone would pass
        assertThatThrownBy(() -> DebResults.files(changes, dir))
                .hasMessage(DEB + " is not a regular file (a symbolic link?): it is not uploaded");
        DebResults.Listed listed = new DebResults.Listed(DEB, DEB.length(), BlobClient.sha256(secret));
        assertThatThrownBy(() -> DebResults.copy(dir, listed, Files.createDirectories(dir.resolve("checked"))))
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void aChangesThatIsASymbolicLinkIsRefused() throws IOException {
        Path real = build(DSC);
        Path host = Files.move(real, Files.createDirectories(dir.resolve("host")).resolve(CHANGES));
        Files.createSymbolicLink(dir.resolve(CHANGES), host);
        assertThatThrownBy(() -> DebResults.changes(dir, plan))
                .hasMessage(CHANGES + " is not a regular file (a symbolic link?): it is not uploaded");
        assertThatThrownBy(() -> DebResults.files(dir.resolve(CHANGES), dir)).hasMessageContaining("is not a regular file");
    }

    @Test
    void aFileThatIsNotWhatTheChangesSaysIsNotCopied() throws IOException {
        Path changes = build(DSC, DEB);
        Files.writeString(dir.resolve(DEB), "something else entirely");
        Path into = Files.createDirectories(dir.resolve("checked"));
        DebResults.Listed deb = DebResults.files(changes, dir).get(1);
        assertThatThrownBy(() -> DebResults.copy(dir, deb, into))
                .hasMessageStartingWith(DEB + " is not the file the .changes lists: it has 23 bytes and SHA-256 ")
                .hasMessageEndingWith(", the .changes says " + DEB.length() + " bytes and " + deb.sha256());
    }

    /** The files, each holding its own name, and the .changes that lists them with their checksums. */
    private Path build(String... files) throws IOException {
        StringBuilder checksums = new StringBuilder("Checksums-Sha256:\n");
        StringBuilder listed = new StringBuilder("Files:\n");
        for (String file : files) {
            Path written = Files.writeString(dir.resolve(file), file);
            checksums.append(' ').append(BlobClient.sha256(written)).append(' ').append(file.length()).append(' ')
                    .append(file).append('\n');
            listed.append(" 11111111111111111111111111111111 ").append(file.length()).append(" misc optional ")
                    .append(file).append('\n');
        }
        return Files.writeString(dir.resolve(CHANGES), HEADER + checksums + listed);
    }
}

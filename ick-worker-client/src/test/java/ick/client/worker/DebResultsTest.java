package ick.client.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DebResultsTest {
    private static final String CHANGES = """
            Format: 1.8
            Date: Mon, 01 Jan 2024 00:00:00 +0000
            Source: hello-ick
            Binary: hello-ick
            Architecture: source all
            Version: 0.1.0+ci3-1
            Distribution: ci
            Checksums-Sha256:
             0000000000000000000000000000000000000000000000000000000000000000 535 hello-ick_0.1.0+ci3-1.dsc
            Files:
             11111111111111111111111111111111 535 misc optional hello-ick_0.1.0+ci3-1.dsc
             22222222222222222222222222222222 661 misc optional hello-ick_0.1.0+ci3-1.tar.gz
             33333333333333333333333333333333 1216 misc optional hello-ick_0.1.0+ci3-1_all.deb
             44444444444444444444444444444444 5304 misc optional hello-ick_0.1.0+ci3-1_amd64.buildinfo
            """;

    @TempDir
    Path dir;

    private final DebVersions.Plan plan = DebVersions.plan(
            DebVersions.topEntry("hello-ick (0.1.0-1) unstable; urgency=low"), "main", 3);

    @Test
    void theChangesComesFirstThenItsFilesInOrder() throws IOException {
        Path changes = write(CHANGES, "hello-ick_0.1.0+ci3-1.dsc", "hello-ick_0.1.0+ci3-1.tar.gz",
                "hello-ick_0.1.0+ci3-1_all.deb", "hello-ick_0.1.0+ci3-1_amd64.buildinfo");
        assertThat(DebResults.changes(dir, plan)).isEqualTo(changes);
        assertThat(DebResults.files(changes)).containsExactly("hello-ick_0.1.0+ci3-1_amd64.changes",
                "hello-ick_0.1.0+ci3-1.dsc", "hello-ick_0.1.0+ci3-1.tar.gz", "hello-ick_0.1.0+ci3-1_all.deb",
                "hello-ick_0.1.0+ci3-1_amd64.buildinfo");
    }

    @Test
    void earlierChangesOfTheSameVersionAreForgottenOthersKept() throws IOException {
        Path same = Files.writeString(dir.resolve("hello-ick_0.1.0+ci3-1_amd64.changes"), CHANGES);
        Path other = Files.writeString(dir.resolve("hello-ick_0.1.0+ci2-1_amd64.changes"), CHANGES);
        DebResults.forgetEarlier(dir, plan);
        assertThat(same).doesNotExist();
        assertThat(other).exists();
        assertThatThrownBy(() -> DebResults.changes(dir, plan)).hasMessageContaining("made no hello-ick_0.1.0+ci3-1_*.changes");
    }

    @Test
    void aMissingOrStrangeFileIsAnError() throws IOException {
        Path changes = write(CHANGES, "hello-ick_0.1.0+ci3-1.dsc");
        assertThatThrownBy(() -> DebResults.files(changes)).hasMessageContaining("lists hello-ick_0.1.0+ci3-1.tar.gz,"
                + " which is not there");
        Path climbing = write("Files:\n 1111 5 misc optional ../../etc/passwd\n");
        assertThatThrownBy(() -> DebResults.files(climbing)).hasMessageContaining("lists a strange file");
        Path empty = write("Format: 1.8\n");
        assertThatThrownBy(() -> DebResults.files(empty)).hasMessageContaining("lists no files");
    }

    private Path write(String changes, String... files) throws IOException {
        for (String file : files) {
            Files.writeString(dir.resolve(file), file);
        }
        return Files.writeString(dir.resolve("hello-ick_0.1.0+ci3-1_amd64.changes"), changes);
    }
}

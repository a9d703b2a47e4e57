package ick.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileHashingTest {
    private static final Executor THREAD = task -> new Thread(task).start();

    @TempDir
    Path dir;

    @Test
    void hashesFilesOfAnySizeAsAOneShotDigestDoes() throws Exception {
        for (int size : new int[] {0, 1, (1 << 20) - 1, 1 << 20, 3 * (1 << 20) + 12_345}) {
            byte[] content = new byte[size];
            new Random(size).nextBytes(content);
            Path file = Files.write(dir.resolve("f" + size), content);
            MessageDigest sha = HashingCopy.sha256();
            assertThat(FileHashing.update(file, sha, THREAD)).as("bytes of %d", size).isEqualTo(size);
            byte[] expected = HashingCopy.sha256().digest(content);
            assertThat(sha.digest()).as("digest of %d bytes", size).isEqualTo(expected);
            assertThat(FileHashing.sha256(file, THREAD)).isEqualTo(HexFormat.of().formatHex(expected));
        }
    }

    @Test
    void aMissingFileIsAnError() {
        assertThatThrownBy(() -> FileHashing.sha256(dir.resolve("none"), THREAD))
                .isInstanceOf(NoSuchFileException.class);
    }
}

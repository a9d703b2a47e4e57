package ick.apt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The repository key with the real gpg (Debian's gnupg, installed by .ci/install-test-tools). */
class RepositoryKeyTest {
    private static final Command COMMAND = new Command(Map.of(), Duration.ofSeconds(60));

    @TempDir
    Path dir;
    private RepositoryKey opened;

    @BeforeAll
    static void gpgIsInstalled() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gpg")), "gpg is not installed (apt-get install gnupg)");
    }

    @AfterEach
    void stopAgent() {
        if (opened != null) {
            opened.stopAgent();
        }
    }

    @Test
    void aKeyIsMadeOnceInAPrivateHomeAndItsPublicHalfPublished() throws Exception {
        opened = RepositoryKey.open(dir, Optional.empty(), COMMAND);
        assertThat(opened.fingerprint()).matches("[0-9A-F]{40}");
        assertThat(Files.getPosixFilePermissions(dir.resolve("gnupg"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(RepositoryKey.open(dir, Optional.empty(), COMMAND).fingerprint()).isEqualTo(opened.fingerprint());
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("gnupg"); // no temporary home left
        }

        opened.publish(dir.resolve("public"));
        assertThat(Files.readString(dir.resolve("public/ick-archive-keyring.asc")))
                .startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----").doesNotContain("PRIVATE");
        String shown = COMMAND.check(dir, List.of("gpg", "--batch", "--with-colons", "--show-keys",
                dir.resolve("public/ick-archive-keyring.gpg").toString())).output();
        assertThat(RepositoryKey.fingerprints(shown, "pub")).containsExactly(opened.fingerprint());
    }

    @Test
    void anOperatorsKeyIsImportedAndUsedInstead() throws Exception {
        Path other = dir.resolve("operator");
        RepositoryKey operators = RepositoryKey.open(other, Optional.empty(), COMMAND);
        Path secret = dir.resolve("operator-key.asc");
        COMMAND.withGnupgHome(operators.home()).check(dir, List.of("gpg", "--batch", "--pinentry-mode", "loopback",
                "--passphrase", "", "--armor", "--output", secret.toString(), "--export-secret-keys",
                operators.fingerprint()));
        operators.stopAgent();

        opened = RepositoryKey.open(dir.resolve("repo"), Optional.of(secret), COMMAND);
        assertThat(opened.fingerprint()).isEqualTo(operators.fingerprint());
        assertThatThrownBy(() -> RepositoryKey.open(dir.resolve("repo2"), Optional.of(dir.resolve("missing.asc")), COMMAND))
                .isInstanceOf(AptUnavailableException.class).hasMessageContaining("is not a readable file");
    }

    @Test
    void aDirectoryTooLongForGpgAgentsSocketsIsRefusedClearly() {
        Path deep = dir.resolve("x".repeat(RepositoryKey.MAX_DIR_LENGTH));
        assertThatThrownBy(() -> RepositoryKey.open(deep, Optional.empty(), COMMAND))
                .isInstanceOf(AptUnavailableException.class).hasMessageContaining("set ick.apt.dir to a shorter path");
    }
}

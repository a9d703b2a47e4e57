package ick.apt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Signatures on a .changes checked with the real gpgv against the uploader keyring. */
class UploadersTest {
    private static final Command COMMAND = new Command(Map.of(), Duration.ofSeconds(60));
    private static final String CHANGES = "Source: hello\nVersion: 1.0\n";

    @TempDir
    Path dir;
    private final List<Path> homes = new ArrayList<>();

    @BeforeAll
    static void gpgIsInstalled() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gpgv")), "gnupg is not installed (apt-get install gnupg)");
    }

    @AfterEach
    void stopAgents() {
        homes.forEach(home -> COMMAND.withGnupgHome(home).run(home, List.of("gpgconf", "--kill", "gpg-agent")));
    }

    @Test
    void aChangesSignedByAnUploaderKeyIsReadAsSignedOnly() throws Exception {
        Path uploader = key("uploader", List.of());
        Path keys = Files.createDirectories(dir.resolve("uploaders"));
        export(uploader, keys.resolve("worker.asc"));
        Path changes = sign(uploader, List.of());
        Files.writeString(changes, "Source: evil\n" + Files.readString(changes)); // outside the signature

        Uploaders.Verified verified = new Uploaders(keys, COMMAND).verify(changes, work());
        assertThat(verified.text()).isEqualTo(CHANGES);
        assertThat(verified.signer()).matches("[0-9A-F]{40}");
    }

    @Test
    void unsignedAnotherKeysAndAnExpiredKeysSignaturesAreRefused() throws Exception {
        Path uploader = key("uploader", List.of());
        Path stranger = key("stranger", List.of());
        Path expired = key("expired", List.of("--faked-system-time", "20200101T000000"));
        Path keys = Files.createDirectories(dir.resolve("uploaders"));
        export(uploader, keys.resolve("worker.asc"));
        export(expired, keys.resolve("old.asc"));
        Uploaders uploaders = new Uploaders(keys, COMMAND);

        Path unsigned = Files.writeString(dir.resolve("unsigned.changes"), CHANGES);
        assertThatThrownBy(() -> uploaders.verify(unsigned, work())).isInstanceOf(UploadForbiddenException.class)
                .hasMessageContaining("unsigned.changes is not signed by an uploader key");
        Path byStranger = sign(stranger, List.of());
        assertThatThrownBy(() -> uploaders.verify(byStranger, work())).isInstanceOf(UploadForbiddenException.class)
                .hasMessageContaining("No public key");
        Path byExpired = sign(expired, List.of("--faked-system-time", "20200101T000100"));
        assertThatThrownBy(() -> uploaders.verify(byExpired, work())).isInstanceOf(UploadForbiddenException.class);
    }

    @Test
    void withoutUploaderKeysNothingIsAccepted() throws Exception {
        Path changes = sign(key("uploader", List.of()), List.of());
        assertThatThrownBy(() -> new Uploaders(dir.resolve("none"), COMMAND).verify(changes, work()))
                .isInstanceOf(UploadForbiddenException.class).hasMessageContaining("no uploader keys are configured");
    }

    /** A key in its own home; with {@code --faked-system-time 2020...} one that expired a day later. */
    private Path key(String name, List<String> time) {
        Path home = dir.resolve("home-" + name);
        homes.add(home);
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--pinentry-mode", "loopback",
                "--passphrase", ""));
        command.addAll(time);
        command.addAll(List.of("--quick-gen-key", name, "ed25519", "sign", time.isEmpty() ? "never" : "1d"));
        COMMAND.withGnupgHome(home).check(home, command);
        return home;
    }

    private void export(Path home, Path file) {
        COMMAND.withGnupgHome(home).check(home, List.of("gpg", "--batch", "--armor", "--output", file.toString(),
                "--export"));
    }

    private Path sign(Path home, List<String> time) throws IOException {
        Path plain = Files.writeString(dir.resolve(home.getFileName() + ".txt"), CHANGES);
        Path signed = dir.resolve(home.getFileName() + ".changes");
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--yes", "--pinentry-mode", "loopback",
                "--passphrase", ""));
        command.addAll(time);
        command.addAll(List.of("--clearsign", "--output", signed.toString(), plain.toString()));
        COMMAND.withGnupgHome(home).check(home, command);
        return signed;
    }

    private Path work() throws IOException {
        return Files.createTempDirectory(dir, "work");
    }
}

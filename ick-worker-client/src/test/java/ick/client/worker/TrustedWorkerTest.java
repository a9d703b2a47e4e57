package ick.client.worker;

import ick.client.yaml.InputFileException;
import ick.protocol.ActionResult;
import ick.protocol.WorkItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A trusted worker's configuration, its secrets, and the steps it refuses (defence in depth). */
class TrustedWorkerTest {
    @TempDir
    Path dir;

    private ActionResult run(Map<String, Object> step, Secrets secrets) throws Exception {
        WorkItem item = new WorkItem(1, "ick/1", "ick", 1, 1, step, Map.of());
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        return Actions.forStep(new ActionContext(item, Files.createDirectories(dir.resolve("ws/ick")), temp,
                Duration.ofSeconds(1), null, secrets)).run(text -> { });
    }

    @Test
    void aTrustedWorkerRefusesEveryStepButTheTrustedBuiltins() throws Exception {
        Secrets secrets = new Secrets(Files.createDirectories(dir.resolve("secrets")));
        Path proof = dir.resolve("ran");
        for (Map<String, Object> step : java.util.List.<Map<String, Object>>of(
                Map.of("shell", "touch " + proof),
                Map.of("python", "open('" + proof + "', 'w')"),
                Map.of("action", "debootstrap"),
                Map.of("action", "deb"),
                Map.of("action", "create_workspace", "where", "container"))) {
            ActionResult r = run(step, secrets);
            assertThat(r.exitCode()).as(step.toString()).isNotZero();
            assertThat(r.message()).as(step.toString()).contains("this is a trusted worker");
        }
        assertThat(proof).doesNotExist();
        assertThat(run(Map.of("action", "create_workspace"), secrets).exitCode()).isZero();
        assertThat(TrustedSteps.refusal(Map.of("archive", "workspace"))).isNull();
        assertThat(TrustedSteps.refusal(Map.of("populate", "workspace", "where", "host"))).isNull();
        assertThat(TrustedSteps.refusal(Map.of("action", "git"))).isNull();
        assertThat(TrustedSteps.refusal(Map.of("action", "publish_debs"))).isNull();
    }

    @Test
    void anOrdinaryWorkerRefusesPublishDebs() throws Exception {
        ActionResult r = run(Map.of("action", "publish_debs"), null);
        assertThat(r.message()).startsWith("action: publish_debs runs only on a trusted worker");
    }

    @Test
    void secretsAreFilesOfTheWorkersUserOnlyNamedPlainly() throws Exception {
        Path secretsDir = Files.createDirectories(dir.resolve("secrets"));
        Secrets secrets = new Secrets(secretsDir);
        Path key = Files.writeString(secretsDir.resolve("ick-deploy"), "not really a key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertThat(secrets.file("ssh_key", "ick-deploy")).isEqualTo(key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        assertThat(secrets.file("ssh_key", "ick-deploy")).isEqualTo(key);

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> secrets.file("ssh_key", "ick-deploy")).hasMessage("secret \"ick-deploy\" (parameter"
                + " ssh_key): " + key + " may be read or changed by others than the worker's user; chmod 0600 it");
        assertThatThrownBy(() -> secrets.file("ssh_key", "../etc/shadow")).hasMessage("the parameter ssh_key must"
                + " name a secret (1 to 100 lower-case letters, digits, '.', '_' and '-', starting with a letter or"
                + " digit); its value (13 characters, not shown) is no such name");
        assertThatThrownBy(() -> secrets.file("pgp_key", "absent")).hasMessage("secret \"absent\" (parameter"
                + " pgp_key) is not in " + secretsDir + " on this trusted worker");
        assertThatThrownBy(() -> secrets.file("pgp_key", null)).hasMessageContaining("parameter pgp_key is not set");
        Files.createSymbolicLink(secretsDir.resolve("link"), key);
        assertThatThrownBy(() -> secrets.file("pgp_key", "link")).hasMessageContaining("is not a regular file");
        assertThat(secretsDir.resolve("ick-deploy")).hasContent("not really a key");
    }

    @Test
    void aKeyGivenInsteadOfASecretsNameIsRefusedWithoutShowingAnyOfIt() throws Exception {
        Secrets secrets = new Secrets(Files.createDirectories(dir.resolve("secrets")));
        String pasted = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAt"
                + "\n-----END OPENSSH PRIVATE KEY-----\n";
        assertThatThrownBy(() -> secrets.file("ssh_key", pasted)).isInstanceOf(Secrets.SecretException.class)
                .hasMessage("the parameter ssh_key must name a secret (1 to 100 lower-case letters, digits, '.', '_'"
                        + " and '-', starting with a letter or digit); its value (" + pasted.length() + " characters,"
                        + " not shown) is no such name")
                .message().doesNotContain("BEGIN", "b3BlbnNzaC", "PRIVATE");
        assertThatThrownBy(() -> secrets.file("pgp_key", "Ick-Release")).hasMessageNotContaining("Ick-Release");
    }

    @Test
    void theConfigurationSaysTrustedAndWhereTheSecretsAre() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("my-secrets"));
        Path file = Files.writeString(dir.resolve("worker.yaml"), """
                controller: http://localhost:8080
                client-id: trusted-1
                secret-file: trusted-1.secret
                workspace-root: ws
                trusted: true
                secrets: my-secrets
                """);
        WorkerConfig config = WorkerConfig.load(file);
        assertThat(config.isTrusted()).isTrue();
        assertThat(config.trustedSecrets().dir()).isEqualTo(secrets);

        Path plain = Files.writeString(dir.resolve("plain.yaml"),
                "controller: http://localhost:8080\nclient-id: w\nsecret-file: s\nworkspace-root: ws\n");
        assertThat(WorkerConfig.load(plain).trustedSecrets()).isNull();

        Path secretsAlone = Files.writeString(dir.resolve("alone.yaml"),
                "controller: http://localhost:8080\nclient-id: w\nsecret-file: s\nworkspace-root: ws\nsecrets: my-secrets\n");
        assertThatThrownBy(() -> WorkerConfig.load(secretsAlone)).isInstanceOf(InputFileException.class)
                .hasMessageContaining("\"secrets\" is for a trusted worker");
        Path missing = Files.writeString(dir.resolve("missing.yaml"), "controller: http://localhost:8080\n"
                + "client-id: w\nsecret-file: s\nworkspace-root: ws\ntrusted: true\nsecrets: nowhere\n");
        assertThatThrownBy(() -> WorkerConfig.load(missing)).isInstanceOf(InputFileException.class)
                .hasMessageContaining("the secrets directory " + dir.resolve("nowhere") + " of this trusted worker does not exist");
    }
}

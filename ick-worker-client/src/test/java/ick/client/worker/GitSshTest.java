package ick.client.worker;

import ick.protocol.ActionResult;
import ick.protocol.WorkItem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The git action of a trusted worker fetches over SSH with the key named by ssh_key, from a real OpenSSH server
 * (sshd of Debian's openssh-server, started by the test), accepting only a known host key.
 */
class GitSshTest {
    @TempDir
    Path dir;

    private Path key(String name) throws Exception {
        Path key = dir.resolve(name);
        TestKeys.run(dir, Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ick-test", "-f",
                key.toString());
        return key;
    }

    private ActionResult fetch(String url, Path secrets, StringBuilder out) throws Exception {
        Map<String, Object> parameters = new HashMap<>(Map.of("git_url", url, "ssh_key", "deploy"));
        WorkItem item = new WorkItem(1, "ick/1", "ick", 1, 1, Map.of("action", "git"), parameters);
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        return new GitAction(new ActionContext(item, dir.resolve("ws/ick"), temp, Duration.ofSeconds(1), null,
                new Secrets(secrets))).run(out::append);
    }

    @Test
    void fetchesOverSshWithTheNamedKeyFromAKnownHostOnly() throws Exception {
        Assumptions.assumeTrue(TestSshd.available(), "needs Debian's openssh-server (.ci/install-test-tools)");
        Path deploy = key("deploy");
        Path other = key("other");
        Path repo = TestKeys.repository(dir, "4.2");
        try (TestSshd sshd = TestSshd.start(dir, Path.of(deploy + ".pub"))) {
            Path secrets = TestKeys.secrets(dir, Map.of("deploy", deploy));
            // No known_hosts beside the secrets, and the user's does not know this server: refused.
            StringBuilder refused = new StringBuilder();
            ActionResult unknownHost = fetch(sshd.url(repo), secrets, refused);
            assertThat(unknownHost.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(unknownHost.message()).startsWith("git: failed for " + sshd.url(repo))
                    .contains("Server key did not validate", "the server's host key is not in ");

            Files.writeString(secrets.resolve(GitSsh.KNOWN_HOSTS), sshd.knownHostsLine());
            StringBuilder out = new StringBuilder();
            ActionResult r = fetch(sshd.url(repo), secrets, out);
            assertThat(r.exitCode()).as(out.toString()).isZero();
            assertThat(out).contains("git: over SSH with the secret key \"deploy\"");
            assertThat(dir.resolve("ws/ick/src/VERSION")).hasContent("4.2");
            assertThat(out).doesNotContain(Files.readString(deploy).lines().skip(1).findFirst().orElseThrow());

            // Another key, which the server does not know, is refused; so is one others may read.
            Files.copy(other, secrets.resolve("deploy"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            TestKeys.run(dir, Map.of(), "rm", "-rf", dir.resolve("ws").toString());
            ActionResult wrongKey = fetch(sshd.url(repo), secrets, new StringBuilder());
            assertThat(wrongKey.exitCode()).isEqualTo(1);
            Files.setPosixFilePermissions(secrets.resolve("deploy"), PosixFilePermissions.fromString("rw-r--r--"));
            ActionResult readable = fetch(sshd.url(repo), secrets, new StringBuilder());
            assertThat(readable.message()).isEqualTo("git: secret \"deploy\" (parameter ssh_key): "
                    + secrets.resolve("deploy") + " may be read or changed by others than the worker's user; chmod 0600 it");
        }
    }
}

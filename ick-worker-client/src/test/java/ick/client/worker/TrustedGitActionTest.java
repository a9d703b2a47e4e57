package ick.client.worker;

import ick.protocol.ActionResult;
import ick.protocol.WorkItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The git action on a trusted worker builds a tag only once its PGP signature verifies against the
 * release_keyring secret; with real keys made by gpg and tags made by git (file URLs; SSH in GitSshTest).
 */
class TrustedGitActionTest {
    @TempDir
    static Path keys;
    static TestKeys.Key maintainer;
    static TestKeys.Key stranger;
    static TestKeys.Key expired;
    static TestKeys.Key revoked;
    static Path revokedKeyring;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeys() throws Exception {
        maintainer = TestKeys.generate(keys, "maintainer");
        stranger = TestKeys.generate(keys, "stranger");
        expired = TestKeys.generateExpired(keys, "expired");
        revoked = TestKeys.generate(keys, "revoked");
        revokedKeyring = TestKeys.revokedPublicKey(keys, revoked);
    }

    @AfterAll
    static void stopAgents() {
        TestKeys.stopAgent(maintainer);
        TestKeys.stopAgent(stranger);
        TestKeys.stopAgent(expired);
        TestKeys.stopAgent(revoked);
    }

    private Path origin() throws Exception {
        Path repo = TestKeys.repository(dir, "1.0");
        TestKeys.tag(repo, "release/1.0", maintainer);
        TestKeys.commit(repo, "1.1");
        TestKeys.tag(repo, "release/1.1", null);
        TestKeys.commit(repo, "1.2");
        TestKeys.tag(repo, "release/1.2", stranger);
        TestKeys.commit(repo, "1.3");
        TestKeys.git(repo, null, "tag", "release/1.3");
        return repo;
    }

    private ActionResult run(Path origin, String ref, boolean trusted, StringBuilder out, String... more)
            throws Exception {
        Map<String, Object> parameters = new HashMap<>(Map.of("git_url", origin.toUri().toString(), "git_ref", ref));
        for (int i = 0; i < more.length; i += 2) {
            parameters.put(more[i], more[i + 1]);
        }
        WorkItem item = new WorkItem(1, "ick/7", "ick", 7, 1, Map.of("action", "git"), parameters);
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        Secrets secrets = trusted ? new Secrets(TestKeys.secrets(dir, Map.of("maintainers", maintainer.publicKey(),
                "expired-maintainers", expired.publicKey(), "revoked-maintainers", revokedKeyring))) : null;
        return new GitAction(new ActionContext(item, dir.resolve("ws/ick"), temp, Duration.ofSeconds(1), null, secrets))
                .run(out::append);
    }

    @Test
    void aTagSignedByAKeyOfTheKeyringIsCheckedOut() throws Exception {
        StringBuilder out = new StringBuilder();
        ActionResult r = run(origin(), "refs/tags/release/1.0", true, out, "release_keyring", "maintainers");
        assertThat(r.exitCode()).as(out.toString()).isZero();
        assertThat(out).contains("git: tag release/1.0 is signed by key " + maintainer.fingerprint()
                + " of release_keyring \"maintainers\"");
        assertThat(dir.resolve("ws/ick/src/VERSION")).hasContent("1.0");
    }

    @Test
    void anUnsignedTagIsRefusedNamingTheTagAndTheKeyring() throws Exception {
        StringBuilder out = new StringBuilder();
        ActionResult r = run(origin(), "refs/tags/release/1.1", true, out, "release_keyring", "maintainers");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.message()).isEqualTo("git: tag release/1.1 is not signed, so it is not signed by a key in"
                + " release_keyring \"maintainers\" (make it with git tag -s)");
        assertThat(dir.resolve("ws/ick/src/VERSION")).as("nothing checked out").doesNotExist();
    }

    @Test
    void aTagSignedByAKeyNotInTheKeyringIsRefused() throws Exception {
        StringBuilder out = new StringBuilder();
        ActionResult r = run(origin(), "refs/tags/release/1.2", true, out, "release_keyring", "maintainers");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.message()).startsWith("git: tag release/1.2 is not signed by a key in release_keyring"
                + " \"maintainers\": it is signed by key ").endsWith(", which is not in it");
        assertThat(dir.resolve("ws/ick/src/VERSION")).doesNotExist();
    }

    @Test
    void aLightweightTagAShortTagNameAndAMissingKeyringAreRefusedToo() throws Exception {
        Path origin = origin();
        ActionResult light = run(origin, "refs/tags/release/1.3", true, new StringBuilder(),
                "release_keyring", "maintainers");
        assertThat(light.message()).isEqualTo("git: tag release/1.3 is a lightweight tag, not signed: it cannot be"
                + " verified against release_keyring \"maintainers\" (make a signed tag with git tag -s)");
        ActionResult shortName = run(origin, "release/1.1", true, new StringBuilder(), "release_keyring", "maintainers");
        assertThat(shortName.message()).startsWith("git: tag release/1.1 is not signed");
        ActionResult noKeyring = run(origin, "refs/tags/release/1.0", true, new StringBuilder());
        assertThat(noKeyring.message()).contains("tag release/1.0 cannot be verified", "release_keyring");
        ActionResult missing = run(origin, "refs/tags/release/1.0", true, new StringBuilder(),
                "release_keyring", "nobody");
        assertThat(missing.message()).isEqualTo("git: secret \"nobody\" (parameter release_keyring) is not in "
                + dir.resolve("secrets") + " on this trusted worker");
    }

    @Test
    void aTagChangedAfterItWasSignedIsRefusedAsABadSignature() throws Exception {
        Path origin = origin();
        byte[] object = TestKeys.git(origin, null, "cat-file", "tag", "refs/tags/release/1.0")
                .getBytes(StandardCharsets.UTF_8);
        int message = new String(object, StandardCharsets.UTF_8).lastIndexOf("tag release/1.0\n-----BEGIN PGP");
        assertThat(message).isPositive();
        object[message] ^= 0x20; // one bit of the signed payload: "Tag release/1.0"
        Path tampered = Files.write(dir.resolve("tampered-tag"), object);
        String id = TestKeys.git(origin, null, "hash-object", "-t", "tag", "-w", tampered.toString()).strip();
        TestKeys.git(origin, null, "update-ref", "refs/tags/release/1.0", id);

        ActionResult r = run(origin, "refs/tags/release/1.0", true, new StringBuilder(), "release_keyring", "maintainers");
        assertThat(r.message()).isEqualTo("git: tag release/1.0 is not signed by a key in release_keyring"
                + " \"maintainers\": the signature does not match (bad signature)");
        assertThat(dir.resolve("ws/ick/src/VERSION")).as("nothing checked out").doesNotExist();
    }

    @Test
    void aTagSignedByAKeyThatHasExpiredOrBeenRevokedSinceIsRefused() throws Exception {
        Path origin = origin();
        TestKeys.commit(origin, "1.4");
        TestKeys.tagLongAgo(origin, "release/1.4", expired); // while the key was valid
        TestKeys.commit(origin, "1.5");
        TestKeys.tag(origin, "release/1.5", revoked); // the keyring holds its revocation
        ActionResult old = run(origin, "refs/tags/release/1.4", true, new StringBuilder(),
                "release_keyring", "expired-maintainers");
        assertThat(old.message()).isEqualTo("git: tag release/1.4 is not signed by a key in release_keyring"
                + " \"expired-maintainers\": the key that signed it has expired");
        ActionResult gone = run(origin, "refs/tags/release/1.5", true, new StringBuilder(),
                "release_keyring", "revoked-maintainers");
        assertThat(gone.message()).isEqualTo("git: tag release/1.5 is not signed by a key in release_keyring"
                + " \"revoked-maintainers\": the key that signed it was revoked");
        assertThat(dir.resolve("ws/ick/src/VERSION")).doesNotExist();
    }

    @Test
    void aTagObjectSignedUnderAnotherNameIsRefused() throws Exception {
        Path origin = origin();
        // refs/tags/release/2.0 points at the (good) signed tag object of release/1.0
        String object = TestKeys.git(origin, null, "rev-parse", "refs/tags/release/1.0").strip();
        TestKeys.git(origin, null, "update-ref", "refs/tags/release/2.0", object);
        ActionResult r = run(origin, "refs/tags/release/2.0", true, new StringBuilder(), "release_keyring", "maintainers");
        assertThat(r.message()).isEqualTo("git: the tag object of release/2.0 is the tag \"release/1.0\"; a tag must"
                + " be signed under its own name");
    }

    @Test
    void branchesNeedNoSignatureAndFullRefsResolve() throws Exception {
        StringBuilder out = new StringBuilder();
        ActionResult r = run(origin(), "refs/heads/main", true, out);
        assertThat(r.exitCode()).as(out.toString()).isZero();
        assertThat(dir.resolve("ws/ick/src/VERSION")).hasContent("1.3");
    }

    @Test
    void anOrdinaryWorkerNeitherVerifiesTagsNorUsesSecrets() throws Exception {
        Path origin = origin();
        ActionResult r = run(origin, "refs/tags/release/1.1", false, new StringBuilder());
        assertThat(r.exitCode()).isZero();
        ActionResult withKey = run(origin, "main", false, new StringBuilder(), "ssh_key", "deploy");
        assertThat(withKey.message()).isEqualTo("git: ssh_key names a secret, and only trusted workers hold secrets:"
                + " put this git action in a pipeline with \"trusted: true\"");
    }
}

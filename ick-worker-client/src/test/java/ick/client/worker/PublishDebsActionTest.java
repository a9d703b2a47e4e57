package ick.client.worker;

import ick.protocol.ActionResult;
import ick.protocol.AptUpload;
import ick.protocol.WorkItem;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * publish_debs against the upload contract of the controller's APT repository: a real .deb (dpkg-deb), a
 * .changes, real PGP keys (gpg) and debsign; the blob store and the repository are stand-ins that keep what
 * they are given, so that the tar can be taken apart and checked.
 */
class PublishDebsActionTest {
    @TempDir
    static Path keys;
    static TestKeys.Key signer;
    static TestKeys.Key maintainer;
    static TestKeys.Key stranger;

    @TempDir
    Path dir;

    private final Map<String, Path> blobs = new HashMap<>();
    /** What the controller pins: the SHA-256 of each blob as the build's action: deb stored it. */
    private final Map<String, String> pins = new HashMap<>();
    private String uploadedSuite;
    private Path uploadedTar;

    @BeforeAll
    static void makeKeys() throws Exception {
        signer = TestKeys.generate(keys, "signer");
        maintainer = TestKeys.generate(keys, "maintainer");
        stranger = TestKeys.generate(keys, "stranger");
    }

    @AfterAll
    static void stopAgents() {
        List.of(signer, maintainer, stranger).forEach(TestKeys::stopAgent);
    }

    /** A binary .deb of {@code version}, a .buildinfo and the .changes of both, stored as the build's blobs. */
    private Map<String, Path> upload(String version) throws Exception {
        Path build = Files.createDirectories(dir.resolve("build"));
        Path pkg = Files.createDirectories(build.resolve("pkg/DEBIAN"));
        Files.writeString(pkg.resolve("control"), "Package: hello-ick\nVersion: " + version + "\nArchitecture: all\n"
                + "Maintainer: ick <ick@ick.test>\nDescription: a test package\n");
        Path deb = build.resolve("hello-ick_" + version + "_all.deb");
        TestKeys.run(build, Map.of(), "dpkg-deb", "--build", build.resolve("pkg").toString(), deb.toString());
        Path buildinfo = Files.writeString(build.resolve("hello-ick_" + version + "_amd64.buildinfo"),
                "Format: 1.0\nSource: hello-ick\nBinary: hello-ick\nArchitecture: all\nVersion: " + version + "\n");
        Path changes = build.resolve("hello-ick_" + version + "_amd64.changes");
        Files.writeString(changes, changes(version, List.of(deb, buildinfo)));
        Map<String, Path> files = new LinkedHashMap<>();
        for (Path f : List.of(changes, deb, buildinfo)) {
            files.put(f.getFileName().toString(), f);
            blobs.put("debs/ick/7/" + f.getFileName(), f);
        }
        blobs.put("debs/ick/7/files", Files.writeString(build.resolve("files"), String.join("\n", files.keySet()) + "\n"));
        pinAsStored();
        return files;
    }

    /** The blobs under debs/ are as the deb action stored them: the controller pins their digests. */
    private void pinAsStored() throws Exception {
        pins.clear();
        for (Map.Entry<String, Path> blob : blobs.entrySet()) {
            if (blob.getKey().startsWith("debs/")) {
                pins.put(blob.getKey(), digest("SHA-256", blob.getValue()));
            }
        }
    }

    private static String changes(String version, List<Path> files) throws Exception {
        StringBuilder sha = new StringBuilder();
        StringBuilder md5 = new StringBuilder();
        for (Path f : files) {
            sha.append(' ').append(digest("SHA-256", f)).append(' ').append(Files.size(f)).append(' ')
                    .append(f.getFileName()).append('\n');
            md5.append(' ').append(digest("MD5", f)).append(' ').append(Files.size(f)).append(" misc optional ")
                    .append(f.getFileName()).append('\n');
        }
        return "Format: 1.8\nDate: Tue, 25 Nov 2026 12:00:00 +0000\nSource: hello-ick\nBinary: hello-ick\n"
                + "Architecture: all\nVersion: " + version + "\nDistribution: unstable\nUrgency: medium\n"
                + "Maintainer: ick <ick@ick.test>\nChanged-By: ick <ick@ick.test>\nDescription:\n hello-ick - test\n"
                + "Changes:\n hello-ick (" + version + ") unstable; urgency=medium\n .\n   * Test.\n"
                + "Checksums-Sha256:\n" + sha + "Files:\n" + md5;
    }

    private static String digest(String algorithm, Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
    }

    private ActionResult publish(StringBuilder out, Map<String, Object> parameters) throws Exception {
        Map<String, Object> all = new HashMap<>(Map.of("pgp_key", "ick-release"));
        all.putAll(parameters);
        WorkItem item = new WorkItem(3, "ick/7", "ick", 7, 5, Map.of("action", "publish_debs"), all, 0, null,
                pins.isEmpty() ? null : Map.copyOf(pins));
        Path secrets = TestKeys.secrets(dir, Map.of("ick-release", signer.secretKey(),
                "ick-maintainers", maintainer.publicKey()));
        Path temp = Files.createTempDirectory(Files.createDirectories(dir.resolve("tmp")), "action-");
        ActionContext context = new ActionContext(item, dir.resolve("ws/ick"), temp, Duration.ofSeconds(1), null,
                new Secrets(secrets));
        PublishDebsAction action = new PublishDebsAction(context, (name, target) -> {
            Path blob = blobs.get(name);
            if (blob == null) {
                return false;
            }
            Files.copy(blob, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        }, (suite, tar) -> {
            uploadedSuite = suite;
            uploadedTar = Files.copy(tar, dir.resolve("uploaded.tar"));
            return new AptUpload(suite, "hello-ick", "?", List.of("as the tar says"));
        });
        return action.run(out::append);
    }

    private List<TarArchiveEntry> entries() throws Exception {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(uploadedTar))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                entries.add(e);
                Files.copy(tar, Files.createDirectories(dir.resolve("untarred")).resolve(e.getName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return entries;
    }

    @Test
    void aCiUploadIsCheckedSignedWithPgpKeyAndSentAsAFlatTarChangesFirst() throws Exception {
        Map<String, Path> files = upload("0.1.0+ci7-1");
        StringBuilder out = new StringBuilder();
        ActionResult r = publish(out, Map.of("git_ref", "main", "apt_suite", "auto"));
        assertThat(r.exitCode()).as(out.toString()).isZero();
        assertThat(uploadedSuite).isEqualTo("ci");

        List<TarArchiveEntry> entries = entries();
        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactlyElementsOf(files.keySet());
        assertThat(entries).allMatch(e -> e.isFile() && !e.getName().contains("/"));
        Path untarred = dir.resolve("untarred");
        Path changes = untarred.resolve(entries.get(0).getName());
        assertThat(Files.readString(changes)).startsWith("-----BEGIN PGP SIGNED MESSAGE-----");
        // It verifies with the signer's public key alone, and describes the files of the tar as they are.
        Path home = Files.createDirectories(dir.resolve("verify"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        TestKeys.run(dir, Map.of("GNUPGHOME", home.toString()), "gpg", "--batch", "--import", signer.publicKey().toString());
        String verified = TestKeys.run(dir, Map.of("GNUPGHOME", home.toString()), "gpg", "--batch", "--status-fd", "1",
                "--verify", changes.toString());
        assertThat(verified).contains("[GNUPG:] VALIDSIG " + signer.fingerprint());
        DebChanges parsed = DebChanges.parse(Files.readString(changes));
        for (DebChanges.Entry e : parsed.files()) {
            assertThat(digest("SHA-256", untarred.resolve(e.name()))).as(e.name()).isEqualTo(e.sha256());
        }
        assertThat(Files.readString(untarred.resolve(entries.get(2).getName())))
                .as("debsign signs the .buildinfo too").startsWith("-----BEGIN PGP SIGNED MESSAGE-----");
        assertThat(out).contains("publish_debs: signed hello-ick_0.1.0+ci7-1_amd64.changes with key "
                + signer.fingerprint() + " (pgp_key \"ick-release\")", "suite ci");
        String secret = signer.secretText();
        assertThat(out.toString()).doesNotContain(secret.lines().filter(l -> l.length() > 40).findFirst().orElseThrow());
        TestKeys.run(dir, Map.of(), "gpgconf", "--homedir", home.toString(), "--kill", "all");
    }

    @Test
    void aFileThatIsNotWhatTheChangesSaysIsNotPublished() throws Exception {
        Map<String, Path> files = upload("0.1.0+ci7-1");
        Path deb = files.get("hello-ick_0.1.0+ci7-1_all.deb");
        Files.write(deb, new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        pinAsStored(); // as the build stored it: a build whose .changes is wrong
        ActionResult r = publish(new StringBuilder(), Map.of());
        assertThat(r.message()).startsWith("publish_debs: hello-ick_0.1.0+ci7-1_all.deb is not the file"
                + " hello-ick_0.1.0+ci7-1_amd64.changes describes (size ");
        assertThat(uploadedTar).isNull();
    }

    @Test
    void aMissingOrBadFileListIsRefused() throws Exception {
        ActionResult none = publish(new StringBuilder(), Map.of());
        assertThat(none.message()).startsWith("publish_debs: there is no blob debs/ick/7/files:");
        upload("0.1.0+ci7-1");
        blobs.put("debs/ick/7/files", Files.writeString(dir.resolve("bad-files"), "x.changes\n../../etc/passwd\n"));
        pinAsStored();
        assertThat(publish(new StringBuilder(), Map.of()).message()).isEqualTo("publish_debs: blob debs/ick/7/files"
                + " names \"../../etc/passwd\", which is not a plain file name");
        blobs.put("debs/ick/7/files", Files.writeString(dir.resolve("short-files"), "hello-ick_0.1.0+ci7-1_amd64.changes\n"));
        pinAsStored();
        assertThat(publish(new StringBuilder(), Map.of()).message()).isEqualTo("publish_debs:"
                + " hello-ick_0.1.0+ci7-1_amd64.changes lists hello-ick_0.1.0+ci7-1_all.deb, which blob debs/ick/7/files does not");
        assertThat(uploadedTar).isNull();
    }

    @Test
    void blobsWrittenAgainAfterTheDebActionStoredThemAreNotSigned() throws Exception {
        // any client that may write blobs can write these names: another project's worker, say
        Map<String, Path> files = upload("0.1.0+ci7-1");
        String listPin = pins.get("debs/ick/7/files");
        Path deb = files.get("hello-ick_0.1.0+ci7-1_all.deb");
        Path other = Files.copy(deb, dir.resolve("other.deb"));
        Files.write(other, new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        // a .changes made to match the swapped .deb passes the .changes check, but not the pin
        Path changes = files.get("hello-ick_0.1.0+ci7-1_amd64.changes");
        Path forged = Files.writeString(dir.resolve("forged.changes"), changes("0.1.0+ci7-1",
                List.of(Files.copy(other, dir.resolve("hello-ick_0.1.0+ci7-1_all.deb")),
                        files.get("hello-ick_0.1.0+ci7-1_amd64.buildinfo"))));
        blobs.put("debs/ick/7/hello-ick_0.1.0+ci7-1_amd64.changes", forged);
        blobs.put("debs/ick/7/hello-ick_0.1.0+ci7-1_all.deb", other);
        ActionResult r = publish(new StringBuilder(), Map.of());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.message()).startsWith("publish_debs: blob debs/ick/7/hello-ick_0.1.0+ci7-1_amd64.changes is not as"
                + " this build's action: deb stored it (SHA-256 " + digest("SHA-256", forged) + ", stored "
                + digest("SHA-256", changes) + "): it was written again since; nothing is signed");
        assertThat(uploadedTar).isNull();

        blobs.put("debs/ick/7/hello-ick_0.1.0+ci7-1_amd64.changes", changes);
        assertThat(publish(new StringBuilder(), Map.of()).message())
                .startsWith("publish_debs: blob debs/ick/7/hello-ick_0.1.0+ci7-1_all.deb is not as this build's action:"
                        + " deb stored it");
        assertThat(pins.get("debs/ick/7/files")).isEqualTo(listPin);
        assertThat(uploadedTar).isNull();
    }

    @Test
    void withoutTheDigestsOfTheDebActionNothingIsSigned() throws Exception {
        upload("0.1.0+ci7-1");
        pins.clear(); // a controller older than the worker
        ActionResult r = publish(new StringBuilder(), Map.of());
        assertThat(r.message()).startsWith("publish_debs: blob debs/ick/7/files is not one this build's action: deb"
                + " stored");
        assertThat(uploadedTar).isNull();
    }

    @Test
    void aMissingSigningKeyIsNamedNeverShown() throws Exception {
        upload("0.1.0+ci7-1");
        ActionResult r = publish(new StringBuilder(), Map.of("pgp_key", "nobody"));
        assertThat(r.message()).startsWith("publish_debs: secret \"nobody\" (parameter pgp_key) is not in ");
        assertThat(uploadedTar).isNull();
    }

    /** The raw object of tag {@code release/VERSION} signed by {@code key}, as the trusted git action keeps it. */
    private Path tagObject(String version, TestKeys.Key key) throws Exception {
        Path repo = TestKeys.repository(Files.createDirectories(dir.resolve("repo-" + version + "-" + key.fingerprint())), version);
        TestKeys.tag(repo, "release/" + version, key);
        String object = TestKeys.git(repo, null, "rev-parse", "refs/tags/release/" + version).strip();
        Path file = dir.resolve("tag-" + version);
        try (InputStream in = new ProcessBuilder("git", "-C", repo.toString(), "cat-file", "tag", object).start()
                .getInputStream()) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void theReleaseSuiteTakesOnlyTheVersionOfAVerifiedReleaseTag() throws Exception {
        upload("0.1.0-1");
        Map<String, Object> release = Map.of("git_ref", "refs/tags/release/0.1.0", "release_keyring", "ick-maintainers");
        ActionResult unverified = publish(new StringBuilder(), release);
        assertThat(unverified.message()).isEqualTo("publish_debs: tag release/0.1.0 was not verified in this build:"
                + " there is no blob release-tag/ick/7 (a trusted git action checks out refs/tags/release/0.1.0 and keeps it)");

        blobs.put("release-tag/ick/7", tagObject("0.1.0", stranger));
        ActionResult strangers = publish(new StringBuilder(), release);
        assertThat(strangers.message()).startsWith("publish_debs: tag release/0.1.0 is not signed by a key in"
                + " release_keyring \"ick-maintainers\"");

        blobs.put("release-tag/ick/7", tagObject("0.1.0", maintainer));
        StringBuilder out = new StringBuilder();
        ActionResult good = publish(out, release);
        assertThat(good.exitCode()).as(out.toString()).isZero();
        assertThat(uploadedSuite).isEqualTo("release");
        assertThat(out).contains("suite release: tag release/0.1.0 is signed by key " + maintainer.fingerprint());

        uploadedTar = null;
        ActionResult otherVersion = publish(new StringBuilder(), Map.of("git_ref", "refs/tags/release/0.2.0",
                "release_keyring", "ick-maintainers"));
        assertThat(otherVersion.message()).contains("the tag object of release/0.2.0 is the tag \"release/0.1.0\"");
        blobs.put("release-tag/ick/7", tagObject("0.2.0", maintainer));
        ActionResult mismatch = publish(new StringBuilder(), Map.of("git_ref", "refs/tags/release/0.2.0",
                "release_keyring", "ick-maintainers"));
        assertThat(mismatch.message()).isEqualTo("publish_debs: the upload is version 0.1.0-1, but tag release/0.2.0"
                + " is of version 0.2.0; a release publishes only its own version");
        ActionResult branchToRelease = publish(new StringBuilder(), Map.of("git_ref", "main", "apt_suite", "release"));
        assertThat(branchToRelease.message()).contains("suite release takes only builds of a release tag");
        assertThat(uploadedTar).isNull();
    }

    @Test
    void changesParsing() {
        assertThat(DebChanges.upstream("1:0.2.0+ci3-1")).isEqualTo("0.2.0+ci3");
        assertThat(DebChanges.upstream("0.2.0-1")).isEqualTo("0.2.0");
        assertThat(DebChanges.upstream("0.2.0")).isEqualTo("0.2.0");
        assertThat(DebChanges.unsigned("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nSource: x\n- -- dashed\n"
                + "-----BEGIN PGP SIGNATURE-----\nxyz\n-----END PGP SIGNATURE-----\n")).isEqualTo("Source: x\n-- dashed\n");
    }
}

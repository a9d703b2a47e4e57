package ick.client.worker;

import ick.client.http.AptUploadClient;
import ick.client.http.ApiException;
import ick.client.http.BlobClient;
import ick.protocol.ActionResult;
import ick.protocol.AptUpload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code action: publish_debs}, a trusted built-in: takes the build's upload from the artifact store (blob
 * {@code debs/PROJECT/NUMBER/files}, the list an {@code action: deb} wrote, and the files it names), checks
 * every file against the sizes and checksums of its {@code .changes}, signs the {@code .changes} with
 * {@code debsign} and the {@code pgp_key} secret (imported into a temporary GnuPG home, gone after the action),
 * and uploads the lot as a tar to the controller's APT repository, into the suite {@code apt_suite} says:
 * {@code auto} (the default) is {@code release} when {@code git_ref} is a release tag, else {@code ci}.
 *
 * <p>Into {@code release} only what a release tag signed by the maintainers names: the signed tag object the
 * trusted {@code git} action kept (blob {@code release-tag/PROJECT/NUMBER}) is verified again against
 * {@code release_keyring}, and the upload's upstream version must be the tag's VERSION. The files come from
 * untrusted workers; only their checksums, checked here, and the signature, made here, are trusted.
 */
final class PublishDebsAction implements Action {
    static final String PGP_KEY = "pgp_key";
    private static final Pattern SUITE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final long DEBSIGN_SECONDS = 120;

    /** Where the upload's blobs come from. */
    interface Blobs {
        /** Downloads blob {@code name} into {@code target}; false if there is no such blob. */
        boolean get(String name, Path target) throws IOException, InterruptedException;
    }

    /** Where the signed upload goes. */
    interface Uploader {
        AptUpload upload(String suite, Path tar) throws IOException, InterruptedException;
    }

    private final ActionContext context;
    private final Blobs blobs;
    private final Uploader uploader;
    private volatile boolean stopped;

    PublishDebsAction(ActionContext context, Blobs blobs, Uploader uploader) {
        this.context = context;
        this.blobs = blobs;
        this.uploader = uploader;
    }

    /** The action with the worker's blob store and the controller's APT repository. */
    static Action of(ActionContext context) {
        if (context.controller() == null) {
            return new UnsupportedAction("publish_debs: this worker has no controller to take blobs from");
        }
        BlobClient blobClient = BlobActions.client(context);
        AptUploadClient apt = new AptUploadClient(context.controller());
        return new PublishDebsAction(context,
                (name, target) -> blobClient.get(name, target, BlobClient.Progress.NONE).isPresent(), apt::upload);
    }

    /** The blob directory of a build's upload. */
    static String prefix(String project, long buildNumber) {
        return "debs/" + project + "/" + buildNumber + "/";
    }

    @Override
    public ActionResult run(ActionOutput out) throws InterruptedException {
        String prefix = prefix(context.item().project(), context.item().buildNumber());
        try {
            Path dir = Files.createDirectories(context.tempDir().resolve("upload"));
            List<String> listed = list(prefix);
            String changesName = listed.stream().filter(n -> n.endsWith(".changes")).findFirst().orElseThrow(
                    () -> new PublishException("blob " + prefix + "files lists no .changes"));
            Path changesFile = dir.resolve(changesName);
            fetch(prefix, changesName, changesFile);
            DebChanges changes;
            try {
                String text = DebChanges.unsigned(Files.readString(changesFile, StandardCharsets.UTF_8));
                changes = DebChanges.parse(text);
                Files.writeString(changesFile, text, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new PublishException(changesName + " cannot be read: " + e.getMessage());
            }
            List<Path> files = new ArrayList<>();
            for (DebChanges.Entry entry : changes.files()) {
                if (!listed.contains(entry.name())) {
                    throw new PublishException(changesName + " lists " + entry.name() + ", which blob " + prefix
                            + "files does not");
                }
                Path file = dir.resolve(entry.name());
                fetch(prefix, entry.name(), file);
                check(file, entry, changesName);
                files.add(file);
                if (stopped) {
                    return fail(out, "stopped");
                }
            }
            Set<String> unused = new LinkedHashSet<>(listed);
            unused.remove(changesName);
            changes.files().forEach(e -> unused.remove(e.name()));
            out.line("publish_debs: " + changes.source() + " " + changes.version() + ": " + (files.size() + 1)
                    + " files from blobs " + prefix + "*, each as its .changes says"
                    + (unused.isEmpty() ? "" : " (not in the .changes, so not uploaded: " + String.join(", ", unused) + ")"));
            String suite = suite(changes, out);
            sign(changesFile, dir, out);
            Path tar = context.tempDir().resolve("upload.tar");
            try (OutputStream stream = Files.newOutputStream(tar)) {
                UploadTar.write(changesFile, files, stream);
            }
            if (stopped) {
                return fail(out, "stopped");
            }
            AptUpload done = uploader.upload(suite, tar);
            out.line("publish_debs: the APT repository took " + done.source() + " " + done.version() + " into suite "
                    + done.suite() + " (" + done.files().size() + " files)");
            return new ActionResult(0, null);
        } catch (PublishException | Secrets.SecretException | ReleaseTags.TagException e) {
            return fail(out, e.getMessage());
        } catch (ApiException e) {
            return fail(out, "the controller refused the upload: " + e.getMessage());
        } catch (IOException e) {
            return fail(out, "cannot publish the upload of blobs " + prefix + "*: " + e.getMessage());
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    /** The names in blob {@code PREFIX/files}, each a plain file name. */
    private List<String> list(String prefix) throws IOException, InterruptedException, PublishException {
        Path listFile = context.tempDir().resolve("files");
        if (!blobs.get(prefix + "files", listFile)) {
            throw new PublishException("there is no blob " + prefix + "files: no action: deb of this build stored"
                    + " an upload (publish_debs must need the pipeline that builds the .debs)");
        }
        requireAsStored(prefix + "files", listFile);
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(listFile, StandardCharsets.UTF_8)) {
            String name = line.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!DebChanges.FILE_NAME.matcher(name).matches() || name.contains("..")) {
                throw new PublishException("blob " + prefix + "files names " + ReleaseTags.quote(name.length() > 80
                        ? name.substring(0, 80) + "..." : name) + ", which is not a plain file name");
            }
            names.add(name);
        }
        return names;
    }

    private void fetch(String prefix, String name, Path target) throws IOException, InterruptedException,
            PublishException {
        if (!blobs.get(prefix + name, target)) {
            throw new PublishException("there is no blob " + prefix + name + ", which blob " + prefix + "files lists");
        }
        requireAsStored(prefix + name, target);
    }

    /**
     * The blob is the one this build's {@code action: deb} stored: the controller pins the SHA-256 each upload
     * had ({@link ick.protocol.WorkItem#pins()}). Any client that may write blobs can write these names; only
     * the action that built them vouches for their content.
     */
    private void requireAsStored(String name, Path file) throws IOException, PublishException {
        String stored = context.item().pinned().get(name);
        if (stored == null) {
            throw new PublishException("blob " + name + " is not one this build's action: deb stored (the controller"
                    + " gives publish_debs the SHA-256 of each that the deb action reported; a controller, or a worker"
                    + " that ran the deb action, older than this worker gives none): nothing is signed");
        }
        String actual = digest("SHA-256", file);
        if (!actual.equals(stored)) {
            throw new PublishException("blob " + name + " is not as this build's action: deb stored it (SHA-256 "
                    + actual + ", stored " + stored + "): it was written again since; nothing is signed");
        }
    }

    /** The file is the one the {@code .changes} describes: its size, SHA-256 and MD5. */
    private static void check(Path file, DebChanges.Entry entry, String changesName)
            throws IOException, PublishException {
        long size = Files.size(file);
        String sha256 = digest("SHA-256", file);
        String md5 = digest("MD5", file);
        if (size != entry.size() || !sha256.equals(entry.sha256()) || !md5.equals(entry.md5())) {
            throw new PublishException(entry.name() + " is not the file " + changesName + " describes (size " + size
                    + ", sha256 " + sha256 + "; expected size " + entry.size() + ", sha256 " + entry.sha256() + ")");
        }
    }

    /** The suite to upload into; {@code release} only for a verified release tag of the upload's version. */
    private String suite(DebChanges changes, ActionOutput out)
            throws IOException, InterruptedException, PublishException, Secrets.SecretException,
            ReleaseTags.TagException {
        String wanted = context.parameter("apt_suite") == null ? "auto" : context.parameter("apt_suite");
        String gitRef = context.parameter("git_ref");
        String suite = "auto".equals(wanted) ? (ReleaseTags.isRelease(gitRef) ? "release" : "ci") : wanted;
        if (!SUITE.matcher(suite).matches()) {
            throw new PublishException("apt_suite must be auto or a suite's name (e.g. ci, release), not "
                    + ReleaseTags.quote(suite));
        }
        if (!"release".equals(suite)) {
            out.line("publish_debs: suite " + suite + (wanted.equals("auto") ? " (git_ref "
                    + (gitRef == null ? "not set" : gitRef) + " is not a release tag)" : ""));
            return suite;
        }
        if (!ReleaseTags.isRelease(gitRef)) {
            throw new PublishException("suite release takes only builds of a release tag: git_ref must be "
                    + ReleaseTags.PREFIX + "VERSION, not " + (gitRef == null ? "unset" : ReleaseTags.quote(gitRef)));
        }
        String version = ReleaseTags.version(gitRef);
        String keyringName = context.parameter("release_keyring");
        if (keyringName == null) {
            throw new PublishException("suite release needs the parameter release_keyring, to check the signature of"
                    + " tag release/" + version + " again");
        }
        Path keyring = context.secrets().file("release_keyring", keyringName);
        String evidence = GitAction.evidenceBlob(context.item().project(), context.item().buildNumber());
        Path object = context.tempDir().resolve("release-tag");
        if (!blobs.get(evidence, object)) {
            throw new PublishException("tag release/" + version + " was not verified in this build: there is no blob "
                    + evidence + " (a trusted git action checks out " + gitRef + " and keeps it)");
        }
        String fingerprint = ReleaseTags.verifyObject(Files.readAllBytes(object), "release/" + version, keyring,
                keyringName, context.tempDir());
        if (!DebChanges.upstream(changes.version()).equals(version)) {
            throw new PublishException("the upload is version " + changes.version() + ", but tag release/" + version
                    + " is of version " + version + "; a release publishes only its own version");
        }
        out.line("publish_debs: suite release: tag release/" + version + " is signed by key " + fingerprint
                + " of release_keyring " + ReleaseTags.quote(keyringName));
        return suite;
    }

    /** Signs the {@code .changes} (and the {@code .dsc}/{@code .buildinfo} it lists) with debsign and pgp_key. */
    private void sign(Path changesFile, Path dir, ActionOutput out)
            throws IOException, InterruptedException, PublishException, Secrets.SecretException {
        String keyName = context.parameter(PGP_KEY);
        Path key = context.secrets().file(PGP_KEY, keyName);
        String what = PGP_KEY + " " + ReleaseTags.quote(keyName);
        try (Gpg gpg = Gpg.in(context.tempDir())) {
            gpg.importKeys(key, what);
            String fingerprint = gpg.secretKeyFingerprint(what);
            Path log = context.tempDir().resolve("debsign.log");
            ProcessBuilder debsign = new ProcessBuilder("debsign", "--no-conf", "--re-sign", "-k" + fingerprint,
                    changesFile.getFileName().toString())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            debsign.environment().putAll(gpg.environment());
            Process p;
            try {
                p = debsign.start();
            } catch (IOException e) {
                throw new PublishException("cannot run debsign (install Debian's devscripts on this trusted worker): "
                        + e.getMessage());
            }
            if (!p.waitFor(DEBSIGN_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PublishException("debsign did not finish within " + DEBSIGN_SECONDS + " s");
            }
            String said = Files.readString(log, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0 || !Files.readString(changesFile).startsWith("-----BEGIN PGP SIGNED MESSAGE-----")) {
                throw new PublishException("debsign could not sign " + changesFile.getFileName() + " with " + what
                        + ": " + said.lines().reduce((a, b) -> b).orElse("exit code " + p.exitValue()));
            }
            out.line("publish_debs: signed " + changesFile.getFileName() + " with key " + fingerprint + " (" + what + ")");
        } catch (Gpg.GpgException e) {
            throw new PublishException(e.getMessage());
        }
    }

    private static String digest(String algorithm, Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ActionResult fail(ActionOutput out, String why) {
        String message = "publish_debs: " + why;
        out.line(message);
        return new ActionResult(1, message);
    }

    /** The upload cannot be published; the message says why. */
    static final class PublishException extends Exception {
        PublishException(String message) {
            super(message);
        }
    }
}

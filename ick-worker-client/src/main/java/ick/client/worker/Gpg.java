package ick.client.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code gpg} in a home directory of its own (a temporary {@code GNUPGHOME}, mode 0700) holding only
 * the keys an action imports into it: a release keyring to verify a tag, or the signing key of an upload.
 * Closing it stops its agent and deletes the directory, so an imported secret key does not outlive the
 * action. Nothing here prints a key: gpg's messages name keys by id only.
 */
final class Gpg implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 120;

    private final Path home;

    private Gpg(Path home) {
        this.home = home;
    }

    /**
     * A new, empty home under {@code parent} (the action's temporary directory), or directly in the system's
     * temporary directory when that path is long: gpg-agent's sockets live in the home, and a socket's path
     * may not be longer than 107 bytes.
     */
    static Gpg in(Path parent) throws IOException {
        Path base = parent.toAbsolutePath().toString().length() <= 48 ? parent
                : Path.of(System.getProperty("java.io.tmpdir"));
        return new Gpg(Files.createTempDirectory(base, "gpg",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
    }

    /** The environment that makes other programs ({@code debsign}) use this home. */
    Map<String, String> environment() {
        return Map.of("GNUPGHOME", home.toString());
    }

    /** Imports the keys of an armored (or binary) key file; {@code what} names it in an error. */
    void importKeys(Path file, String what) throws GpgException {
        Result r = run(List.of("--import", file.toString()));
        if (r.exitCode != 0) {
            throw new GpgException("gpg cannot import " + what + ": " + lastLines(r.errors));
        }
    }

    /** The fingerprint of the one secret key in this home. */
    String secretKeyFingerprint(String what) throws GpgException {
        Result r = run(List.of("--with-colons", "--list-secret-keys"));
        List<String> fingerprints = new ArrayList<>();
        boolean primary = false;
        for (String line : r.output.split("\n")) {
            if (line.startsWith("sec:")) {
                primary = true;
            } else if (line.startsWith("fpr:") && primary) {
                fingerprints.add(line.split(":")[9]);
                primary = false;
            } else if (!line.startsWith("fpr:")) {
                primary = false;
            }
        }
        if (fingerprints.size() != 1) {
            throw new GpgException(what + " holds " + fingerprints.size() + " secret keys; it must hold exactly one"
                    + " (an armored secret key without passphrase, e.g. from gpg --export-secret-keys --armor KEY)");
        }
        return fingerprints.get(0);
    }

    /** What {@code gpg --verify} said of a detached signature. */
    record Verification(boolean good, String fingerprint, String problem) {
    }

    /**
     * Verifies {@code signature} over {@code data} against the keys in this home only ({@code --trust-model
     * always}: the keyring imported is the whole trust). Good only with a good, valid signature by a key that
     * is neither expired nor revoked.
     */
    Verification verify(Path signature, Path data) throws GpgException {
        Result r = run(List.of("--status-fd", "1", "--trust-model", "always", "--verify", signature.toString(),
                data.toString()));
        String fingerprint = null;
        boolean goodSig = false;
        String problem = null;
        for (String line : r.output.split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 2 || !f[0].equals("[GNUPG:]")) {
                continue;
            }
            switch (f[1]) {
                case "GOODSIG" -> goodSig = true;
                case "VALIDSIG" -> fingerprint = f.length > 2 ? f[2] : null;
                case "BADSIG" -> problem = "the signature does not match (bad signature)";
                case "ERRSIG", "NO_PUBKEY" -> problem = problem != null ? problem : "it is signed by key "
                        + (f.length > 2 ? f[2] : "?") + ", which is not in it";
                case "EXPKEYSIG" -> problem = "the key that signed it has expired";
                case "REVKEYSIG" -> problem = "the key that signed it was revoked";
                case "EXPSIG" -> problem = "the signature has expired";
                case "NODATA" -> problem = problem != null ? problem : "there is no signature";
                default -> {
                }
            }
        }
        boolean good = r.exitCode == 0 && goodSig && fingerprint != null && problem == null;
        return new Verification(good, fingerprint, good ? null
                : problem != null ? problem : "gpg refused it: " + lastLines(r.errors));
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no gpgconf: no agent was started by us either
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            FileTrees.delete(home);
        } catch (IOException e) {
            // the action's temporary directory, which holds it, is removed after the action anyway
        }
    }

    private record Result(int exitCode, String output, String errors) {
    }

    private Result run(List<String> args) throws GpgException {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--homedir", home.toString()));
        command.addAll(args);
        try {
            Path out = Files.createTempFile(home, "out-", ".txt");
            Path err = Files.createTempFile(home, "err-", ".txt");
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new GpgException("gpg did not finish within " + TIMEOUT_SECONDS + " s");
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new GpgException("cannot run gpg (install Debian's gnupg on this worker): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GpgException("interrupted while gpg ran");
        }
    }

    private static String lastLines(String text) {
        List<String> lines = text.strip().lines().toList();
        return String.join("; ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    /** gpg failed, or found something wrong; the message says what, never a key. */
    static final class GpgException extends Exception {
        GpgException(String message) {
            super(message);
        }
    }
}

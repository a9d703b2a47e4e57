package ick.client.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test help: real PGP keys (ed25519, no passphrase) made with Debian's gpg in homes of their own, real git
 * repositories and signed tags made with Debian's git, and secrets directories as a trusted worker keeps them.
 */
final class TestKeys {
    private TestKeys() {
    }

    /** A key: its GnuPG home, fingerprint, and armored public and secret exports. */
    record Key(Path home, String fingerprint, Path publicKey, Path secretKey) {
        String secretText() throws IOException {
            return Files.readString(secretKey);
        }
    }

    /** A day of gpg's faked clock, long ago: keys made then with {@link #generateExpired} were valid for it only. */
    static final String LONG_AGO = "20200101T120000";

    static Key generate(Path dir, String name) throws IOException, InterruptedException {
        return generate(dir, name, List.of(), "never");
    }

    /** A key made on {@link #LONG_AGO} (gpg's faked clock) that expired a day later. */
    static Key generateExpired(Path dir, String name) throws IOException, InterruptedException {
        return generate(dir, name, List.of("--faked-system-time", "20200101T000000"), "1d");
    }

    private static Key generate(Path dir, String name, List<String> clock, String expiry)
            throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("gnupg-" + name));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("GNUPGHOME", home.toString());
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--passphrase", ""));
        command.addAll(clock);
        command.addAll(List.of("--quick-gen-key", name + " <" + name + "@ick.test>", "ed25519", "sign", expiry));
        run(dir, env, command.toArray(String[]::new));
        String colons = run(dir, env, "gpg", "--batch", "--with-colons", "--list-secret-keys");
        String fingerprint = colons.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
        Path publicKey = dir.resolve(name + ".pub.asc");
        Files.writeString(publicKey, run(dir, env, "gpg", "--batch", "--armor", "--export", fingerprint));
        Path secretKey = dir.resolve(name + ".sec.asc");
        Files.writeString(secretKey, run(dir, env, "gpg", "--batch", "--armor", "--export-secret-keys", fingerprint));
        return new Key(home, fingerprint, publicKey, secretKey);
    }

    /**
     * The armored public key of {@code key} with its revocation applied (the certificate gpg made beside the key),
     * exported from a home of its own: the key's own home can still sign.
     */
    static Path revokedPublicKey(Path dir, Key key) throws IOException, InterruptedException {
        // short: gpg-agent's sockets live in the home, and a Unix socket's path has at most 107 bytes (with the
        // whole fingerprint and a 20-digit JUnit temp dir, S.gpg-agent.browser took 108 and the agent did not start)
        Path home = Files.createDirectories(dir.resolve("gnupg-rev-" + key.fingerprint().substring(32)));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("GNUPGHOME", home.toString());
        run(dir, env, "gpg", "--batch", "--import", key.publicKey().toString());
        String certificate = Files.readString(key.home().resolve("openpgp-revocs.d/" + key.fingerprint() + ".rev"));
        // gpg writes it with ":" before the armor line, so that it is not imported by mistake
        Path revocation = Files.writeString(home.resolve("revocation.asc"), certificate.replace(":-----BEGIN", "-----BEGIN"));
        run(dir, env, "gpg", "--batch", "--import", revocation.toString());
        Path revoked = dir.resolve(key.fingerprint() + ".revoked.asc");
        Files.writeString(revoked, run(dir, env, "gpg", "--batch", "--armor", "--export", key.fingerprint()));
        run(dir, Map.of(), "gpgconf", "--homedir", home.toString(), "--kill", "all");
        return revoked;
    }

    /** Stops the agent a key's home started (tests make many homes). */
    static void stopAgent(Key key) {
        try {
            run(key.home().getParent(), Map.of(), "gpgconf", "--homedir", key.home().toString(), "--kill", "all");
        } catch (IOException | InterruptedException | AssertionError ignored) {
            // nothing to stop
        }
    }

    /** A secrets directory (0700) holding {@code files} (name to content file), each 0600. */
    static Path secrets(Path dir, Map<String, Path> files) throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        for (Map.Entry<String, Path> f : files.entrySet()) {
            Path target = secrets.resolve(f.getKey());
            Files.copy(f.getValue(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        }
        return secrets;
    }

    /** A repository with one commit on main; returns its directory. */
    static Path repository(Path dir, String version) throws IOException, InterruptedException {
        Path repo = Files.createDirectories(dir.resolve("origin"));
        git(repo, null, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("VERSION"), version + "\n");
        git(repo, null, "add", "VERSION");
        git(repo, null, "commit", "-q", "-m", "version " + version);
        return repo;
    }

    /** Commits a new VERSION. */
    static void commit(Path repo, String version) throws IOException, InterruptedException {
        Files.writeString(repo.resolve("VERSION"), version + "\n");
        git(repo, null, "commit", "-q", "-a", "-m", "version " + version);
    }

    /** {@code git tag -s NAME} with {@code key}, or an unsigned annotated tag when key is null. */
    static void tag(Path repo, String name, Key key) throws IOException, InterruptedException {
        if (key == null) {
            git(repo, null, "tag", "-a", "-m", "tag " + name, name);
        } else {
            git(repo, key, "-c", "user.signingkey=" + key.fingerprint(), "tag", "-s", "-m", "tag " + name, name);
        }
    }

    /** {@code git tag -s NAME} with {@code key}, signed on {@link #LONG_AGO} by gpg's faked clock. */
    static void tagLongAgo(Path repo, String name, Key key) throws IOException, InterruptedException {
        Path gpg = key.home().resolveSibling(key.home().getFileName() + "-long-ago.sh");
        Files.writeString(gpg, "#!/bin/sh\nexec gpg --faked-system-time " + LONG_AGO + " \"$@\"\n");
        Files.setPosixFilePermissions(gpg, PosixFilePermissions.fromString("rwx------"));
        git(repo, key, "-c", "gpg.program=" + gpg, "-c", "user.signingkey=" + key.fingerprint(), "tag", "-s", "-m",
                "tag " + name, name);
    }

    static String git(Path repo, Key key, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=Test",
                "-c", "user.email=test@ick.test", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"));
        command.addAll(List.of(args));
        return run(repo, key == null ? Map.of() : Map.of("GNUPGHOME", key.home().toString()),
                command.toArray(String[]::new));
    }

    static String run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}

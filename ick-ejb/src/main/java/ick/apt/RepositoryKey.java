package ick.apt;

import ick.identity.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The repository key: the PGP key that signs the indices ({@code Release.gpg}, {@code InRelease}). It lives in a
 * GnuPG home of its own ({@code DIR/gnupg}, 0700), never in the database, the API or a log. ick makes it
 * (ed25519, no passphrase: the server signs unattended) the first time it starts, unless the operator gives
 * an armored secret key ({@code ick.apt.signing-key}), which is then imported at each start and used instead.
 * A new key is made in a temporary home and renamed into place, so two controllers sharing the data directory
 * end up with the same key.
 */
final class RepositoryKey {
    static final String HOME = "gnupg";
    /** In the home: the fingerprint of the key ick made (public: it names the key, it is not the key). */
    static final String MADE_KEY = "ick-made-key";
    static final String ARMORED = "ick-archive-keyring.asc";
    static final String BINARY = "ick-archive-keyring.gpg";
    /**
     * gpg-agent puts its sockets in the GnuPG home ({@code DIR/gnupg.new-12345678/S.gpg-agent.browser} while the
     * key is made): a Unix socket's path must fit in 108 bytes.
     */
    static final int MAX_DIR_LENGTH = 64;
    private static final Logger LOG = Logger.getLogger(RepositoryKey.class.getName());

    private final Path home;
    private final String fingerprint;
    private final Command gpg;

    private RepositoryKey(Path home, String fingerprint, Command command) {
        this.home = home;
        this.fingerprint = fingerprint;
        this.gpg = command.withGnupgHome(home);
    }

    /** The operator's key if one is configured, else the key ick made (made now if there is none yet). */
    static RepositoryKey open(Path dir, Optional<Path> operatorKey, Command command) throws IOException {
        Path home = dir.resolve(HOME);
        if (dir.toAbsolutePath().toString().length() > MAX_DIR_LENGTH) {
            throw new AptUnavailableException("the repository directory " + dir + " has a path longer than "
                    + MAX_DIR_LENGTH + " characters: gpg-agent's sockets in " + home + " would not fit the"
                    + " system's limit (108 bytes); set " + AptSettings.DIR + " to a shorter path");
        }
        if (operatorKey.isPresent()) {
            PrivateFiles.createDirectory(home);
            return new RepositoryKey(home, importKey(home, operatorKey.get(), command.withGnupgHome(home)), command);
        }
        Path made = home.resolve(MADE_KEY);
        if (Files.exists(made)) {
            return new RepositoryKey(home, Files.readString(made, StandardCharsets.US_ASCII).strip(), command);
        }
        return make(dir, command);
    }

    String fingerprint() {
        return fingerprint;
    }

    /** The GnuPG home that reprepro signs with. */
    Path home() {
        return home;
    }

    /**
     * Writes the public key where the repository is served: {@value #ARMORED} (armored) and {@value #BINARY}
     * (for {@code signed-by=}), readable by all, each replaced atomically.
     */
    void publish(Path publicDir) throws IOException {
        Files.createDirectories(publicDir);
        export(publicDir.resolve(ARMORED), List.of("--armor"));
        export(publicDir.resolve(BINARY), List.of());
    }

    /** Stops the gpg-agent that signing started in the home (it would outlive the server). */
    void stopAgent() {
        stopAgent(home, gpg);
    }

    private void export(Path target, List<String> options) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--yes", "--output", tmp.toString()));
            command.addAll(options);
            command.addAll(List.of("--export", fingerprint));
            gpg.check(home, command);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static RepositoryKey make(Path dir, Command command) throws IOException {
        Path home = dir.resolve(HOME);
        Path tmp = dir.resolve(HOME + ".new-" + UUID.randomUUID().toString().substring(0, 8));
        PrivateFiles.createDirectory(tmp);
        Command gpg = command.withGnupgHome(tmp);
        try {
            gpg.check(tmp, List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                    "--quick-gen-key", "ick archive key", "ed25519", "sign", "never"));
            String fingerprint = secretKeys(tmp, gpg).get(0);
            PrivateFiles.write(tmp.resolve(MADE_KEY), (fingerprint + "\n").getBytes(StandardCharsets.US_ASCII), false);
            stopAgent(tmp, gpg); // its sockets are in the home, which is about to move
            try {
                Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                LOG.info("APT: another controller made the repository key meanwhile; using it");
                return open(dir, Optional.empty(), command);
            }
            LOG.info(() -> "APT: made the repository key " + fingerprint + " in " + home);
            return new RepositoryKey(home, fingerprint, command);
        } finally {
            if (Files.exists(tmp)) {
                stopAgent(tmp, gpg);
                FileTree.delete(tmp);
            }
        }
    }

    /** Imports the operator's key (again: importing is idempotent) and returns its fingerprint. */
    private static String importKey(Path home, Path keyFile, Command gpg) {
        if (!Files.isReadable(keyFile)) {
            throw new AptUnavailableException(AptSettings.SIGNING_KEY + " " + keyFile + " is not a readable file");
        }
        List<String> inFile = fingerprints(gpg.check(home, List.of("gpg", "--batch", "--with-colons",
                "--import-options", "show-only", "--import", keyFile.toString())).output(), "sec");
        if (inFile.size() != 1) {
            throw new AptUnavailableException(AptSettings.SIGNING_KEY + " " + keyFile + " must hold exactly one"
                    + " secret key (armored, without passphrase); it holds " + inFile.size());
        }
        gpg.check(home, List.of("gpg", "--batch", "--import", keyFile.toString()));
        String fingerprint = inFile.get(0);
        LOG.info(() -> "APT: the repository key is " + fingerprint + " from " + keyFile);
        return fingerprint;
    }

    private static List<String> secretKeys(Path home, Command gpg) {
        return fingerprints(gpg.check(home, List.of("gpg", "--batch", "--with-colons", "--list-secret-keys"))
                .output(), "sec");
    }

    /** The fingerprints of the primary keys of {@code kind} ({@code sec}, {@code pub}) in gpg's colon listing. */
    static List<String> fingerprints(String colons, String kind) {
        List<String> found = new ArrayList<>();
        boolean afterPrimary = false;
        for (String line : colons.lines().toList()) {
            String[] fields = line.split(":", -1);
            if (fields[0].equals(kind)) {
                afterPrimary = true;
            } else if (fields[0].equals("fpr") && afterPrimary && fields.length > 9) {
                found.add(fields[9]);
                afterPrimary = false;
            }
        }
        return found;
    }

    private static void stopAgent(Path home, Command gpg) {
        gpg.run(home, List.of("gpgconf", "--kill", "gpg-agent"));
    }
}

package ick.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Files that hold secrets (private keys, key stores) in the data directory: owner-only (0600 in a 0700
 * directory), written so that nobody ever sees a half-written file or a key with open permissions. Used for
 * the token signing key and for the TLS keys of {@code ick.tls}.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Logger LOG = Logger.getLogger(PrivateFiles.class.getName());

    private PrivateFiles() {
    }

    /** Makes {@code dir} (0700) and its parents if it does not exist. */
    public static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        }
    }

    /** Makes an existing secret file 0600 again if someone opened it, and says so. */
    public static void tighten(Path file) throws IOException {
        if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY_FILE)) {
            LOG.warning(() -> file + " was readable by others; made it 0600. Consider replacing the key.");
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        }
    }

    /** {@link #write(Path, byte[], Set, boolean)} with owner-only permissions. */
    public static void write(Path target, byte[] content, boolean replace) throws IOException {
        write(target, content, OWNER_ONLY_FILE, replace);
    }

    /**
     * Writes a temporary file beside {@code target} with its final permissions already set, then moves it into
     * place (atomically when replacing). Without {@code replace} an existing target is never replaced: the
     * move fails with {@link java.nio.file.FileAlreadyExistsException}.
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> perms, boolean replace)
            throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(perms));
        try {
            Files.write(tmp, content);
            Files.setPosixFilePermissions(tmp, perms); // the umask may have narrowed them
            if (replace) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, target);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

package ick.client.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secrets of a trusted worker: files in one directory ({@code secrets:} in its configuration, default
 * {@code /etc/ick/secrets}), each named by a project parameter's value ({@code ssh_key: ick-deploy} is the file
 * {@code DIR/ick-deploy}). Project files and the controller only ever carry these names; the content is read
 * here, by the action that needs it, and is never printed, logged or sent. A secret must be readable by the
 * worker's user alone (mode 0600 or 0400), so that a mistake in its mode is found before its content leaks.
 */
public final class Secrets {
    /** Where a trusted worker's secrets are when its configuration does not say. */
    public static final Path DEFAULT_DIR = Path.of("/etc/ick/secrets");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path dir;

    public Secrets(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /**
     * The file of the secret named by parameter {@code parameter}'s value {@code name}.
     *
     * @throws SecretException when the name is not a secret's name, or the file is missing, not a regular file,
     *                         or readable by others than the worker's user
     */
    public Path file(String parameter, String name) throws SecretException {
        if (name == null || name.isBlank()) {
            throw new SecretException("the parameter " + parameter + " is not set (it names a secret of the"
                    + " trusted worker)");
        }
        if (!NAME.matcher(name).matches()) {
            // never the value: a key pasted where its name belongs would be printed into the build log
            throw new SecretException("the parameter " + parameter + " must name a secret (1 to 100 lower-case"
                    + " letters, digits, '.', '_' and '-', starting with a letter or digit); its value ("
                    + name.length() + " characters, not shown) is no such name");
        }
        Path file = dir.resolve(name);
        String what = "secret \"" + name + "\" (parameter " + parameter + ")";
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new SecretException(what + " is not in " + dir + " on this trusted worker");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new SecretException(what + ": " + file + " is not a regular file");
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (mode.stream().anyMatch(SHARED::contains)) {
                throw new SecretException(what + ": " + file + " may be read or changed by others than the"
                        + " worker's user; chmod 0600 it");
            }
        } catch (UnsupportedOperationException | IOException e) {
            throw new SecretException(what + ": cannot check the mode of " + file + ": " + e.getMessage());
        }
        return file;
    }

    /** A secret that cannot be used; the message says which and why, never its content. */
    public static final class SecretException extends Exception {
        public SecretException(String message) {
            super(message);
        }
    }
}

package ick.client.worker;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Release tags: a release is built from an annotated tag {@code refs/tags/release/VERSION} signed with PGP
 * ({@code git tag -s}), and a trusted worker checks that signature against the {@code release_keyring} secret
 * (an armored public keyring of the maintainers) before anything is built from it: with {@code gpg --verify}
 * in a temporary home holding only that keyring, over the tag object as git signs it (the object up to its
 * {@code -----BEGIN PGP SIGNATURE-----}). The tag object also names its tag, which must be the ref's, so that
 * a signed tag of another version cannot be passed off under this name. Pure but for gpg.
 */
final class ReleaseTags {
    static final String PREFIX = Constants.R_TAGS + "release/";
    private static final byte[] SIGNATURE_START = "-----BEGIN PGP SIGNATURE-----".getBytes(StandardCharsets.US_ASCII);

    private ReleaseTags() {
    }

    /** Whether {@code gitRef} names a release tag ({@code refs/tags/release/VERSION}). */
    static boolean isRelease(String gitRef) {
        return gitRef != null && gitRef.startsWith(PREFIX) && gitRef.length() > PREFIX.length();
    }

    /** The VERSION of {@code refs/tags/release/VERSION}. */
    static String version(String gitRef) {
        return gitRef.substring(PREFIX.length());
    }

    /**
     * A verified tag: its raw object (evidence that later actions may check again, {@link #verifyObject}) and the
     * fingerprint of the key that signed it.
     */
    record Verified(byte[] object, String fingerprint) {
    }

    /**
     * Checks the tag {@code tagRef} ({@code refs/tags/NAME}) of {@code repo} against the keyring.
     *
     * @param keyringName the secret's name, for the messages
     * @throws TagException naming the tag and the keyring when the tag is not signed by a key of the keyring
     */
    static Verified verify(Repository repo, String tagRef, Path keyring, String keyringName, Path tempDir)
            throws TagException, IOException {
        String name = tagRef.substring(Constants.R_TAGS.length());
        Ref ref = repo.exactRef(tagRef);
        if (ref == null) {
            throw new TagException("there is no tag " + name);
        }
        ObjectLoader loader = repo.open(ref.getObjectId());
        if (loader.getType() != Constants.OBJ_TAG) {
            throw new TagException("tag " + name + " is a lightweight tag, not signed: it cannot be verified against"
                    + " release_keyring " + quote(keyringName) + " (make a signed tag with git tag -s)");
        }
        byte[] object = loader.getCachedBytes();
        return new Verified(object, verifyObject(object, name, keyring, keyringName, tempDir));
    }

    /**
     * Checks a raw tag object: it names tag {@code name} and carries a good PGP signature by a key of the
     * keyring. Returns the signing key's fingerprint.
     */
    static String verifyObject(byte[] object, String name, Path keyring, String keyringName, Path tempDir)
            throws TagException, IOException {
        int start = lastIndexOf(object, SIGNATURE_START);
        if (start < 0) {
            throw new TagException("tag " + name + " is not signed, so it is not signed by a key in release_keyring "
                    + quote(keyringName) + " (make it with git tag -s)");
        }
        String named = taggedName(new String(object, 0, start, StandardCharsets.UTF_8));
        if (!name.equals(named)) {
            throw new TagException("the tag object of " + name + " is the tag " + quote(String.valueOf(named))
                    + "; a tag must be signed under its own name");
        }
        try (Gpg gpg = Gpg.in(tempDir)) {
            gpg.importKeys(keyring, "release_keyring " + quote(keyringName));
            Path dir = Files.createTempDirectory(tempDir, "tag-");
            Path payload = Files.write(dir.resolve("payload"), Arrays.copyOfRange(object, 0, start));
            Path signature = Files.write(dir.resolve("payload.asc"), Arrays.copyOfRange(object, start, object.length));
            Gpg.Verification v = gpg.verify(signature, payload);
            if (!v.good()) {
                throw new TagException("tag " + name + " is not signed by a key in release_keyring "
                        + quote(keyringName) + ": " + v.problem());
            }
            return v.fingerprint();
        } catch (Gpg.GpgException e) {
            throw new TagException("tag " + name + " cannot be verified against release_keyring "
                    + quote(keyringName) + ": " + e.getMessage());
        }
    }

    /** The {@code tag NAME} header of a tag object's text. */
    private static String taggedName(String text) {
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                break; // the headers end at the first empty line
            }
            if (line.startsWith("tag ")) {
                return line.substring(4);
            }
        }
        return null;
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            if (i == 0 || haystack[i - 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static String quote(String text) {
        return "\"" + text + "\"";
    }

    /** A tag that is not a verified release tag; the message names the tag and the keyring. */
    static final class TagException extends Exception {
        TagException(String message) {
            super(message);
        }
    }
}

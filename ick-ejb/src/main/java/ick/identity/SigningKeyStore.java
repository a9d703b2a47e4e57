package ick.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The issuer's signing key on disk, in the data directory: {@value #KEY_FILE} (the private key as a JWK,
 * mode 0600, in a 0700 directory) and {@value #JWKS_FILE} (the public key only, for verifiers). The key is
 * made once and then reused, so tokens stay valid across restarts. Its {@code kid} is its RFC 7638
 * thumbprint.
 */
final class SigningKeyStore {
    static final String KEY_FILE = "token-signing-key.json";
    static final String JWKS_FILE = "jwks.json";
    static final int KEY_BITS = 3072;
    private static final Logger LOG = Logger.getLogger(SigningKeyStore.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PrivateFiles.OWNER_ONLY_FILE;
    private static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path dir;

    SigningKeyStore(Path dir) {
        this.dir = dir;
    }

    /** The stored key, or a new one (stored before it is returned) if there is none yet. */
    RSAKey loadOrCreate() throws IOException {
        Path keyFile = dir.resolve(KEY_FILE);
        if (Files.exists(keyFile)) {
            return load(keyFile);
        }
        PrivateFiles.createDirectory(dir);
        RSAKey key = generate();
        try {
            writeAtomically(keyFile, key.toJSONString(), OWNER_ONLY_FILE, false);
        } catch (FileAlreadyExistsException e) {
            return load(keyFile); // made meanwhile by another process: use that one
        }
        LOG.info(() -> "Token signing key " + key.getKeyID() + " created in " + keyFile);
        return key;
    }

    /** Writes the public half of {@code keys} as a JWK set, readable by all, replacing the previous one. */
    void publish(JWKSet keys) throws IOException {
        writeAtomically(dir.resolve(JWKS_FILE), keys.toPublicJWKSet().toString(), PUBLIC_FILE, true);
    }

    Path jwksFile() {
        return dir.resolve(JWKS_FILE);
    }

    static RSAKey generate() {
        try {
            RSAKey key = new RSAKeyGenerator(KEY_BITS)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
            return new RSAKey.Builder(key).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make an RSA key", e);
        }
    }

    private static RSAKey load(Path keyFile) throws IOException {
        PrivateFiles.tighten(keyFile);
        try {
            RSAKey key = RSAKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8));
            if (!key.isPrivate() || key.size() < 2048 || key.getKeyID() == null) {
                throw new IOException(keyFile + " is not a private RSA key of 2048 bits or more with a kid");
            }
            return key;
        } catch (ParseException e) {
            throw new IOException(keyFile + " is not a JWK: " + e.getMessage(), e);
        }
    }

    private void writeAtomically(Path target, String content, Set<PosixFilePermission> perms, boolean replace)
            throws IOException {
        PrivateFiles.write(target, content.getBytes(StandardCharsets.UTF_8), perms, replace);
    }
}

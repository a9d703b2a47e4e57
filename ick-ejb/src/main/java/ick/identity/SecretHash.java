package ick.identity;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A client secret as it is stored: a salted, deliberately slow PBKDF2-HMAC-SHA256 hash, encoded as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt and hash in unpadded base64). The secret itself is
 * never stored. The iteration count travels in the encoding, so it can be raised later without invalidating
 * stored hashes.
 */
public final class SecretHash {
    /**
     * About 40 ms per verification on a 2-core machine (measured with JDK 17): slow for an attacker holding
     * the table, fast enough for a token request.
     */
    static final int ITERATIONS = 150_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** Refuses to spend more than this on a stored hash, however it got there. */
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();
    /** Verified against when the client does not exist, so that the answer takes as long either way. */
    private static final String DUMMY = of("not a secret of any client");

    private SecretHash() {
    }

    /** The encoded hash of {@code secret} with a fresh random salt. */
    public static String of(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return encode(ITERATIONS, salt, pbkdf2(secret, salt, ITERATIONS));
    }

    /**
     * Whether {@code secret} is the one {@code encoded} was made from. Compares in constant time; a malformed
     * encoding matches nothing.
     */
    public static boolean matches(String secret, String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$", -1);
        if (secret == null || parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = DECODER.decode(parts[2]);
            byte[] expected = DECODER.decode(parts[3]);
            if (iterations < 1 || iterations > MAX_ITERATIONS || salt.length == 0 || expected.length == 0) {
                return false;
            }
            return MessageDigest.isEqual(expected, pbkdf2(secret, salt, iterations, expected.length * 8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Spends the time of one verification and matches nothing: for unknown client ids. */
    static boolean matchesNothing(String secret) {
        matches(secret == null ? "" : secret, DUMMY);
        return false;
    }

    static String encode(int iterations, byte[] salt, byte[] hash) {
        return SCHEME + "$" + iterations + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        return pbkdf2(secret, salt, iterations, HASH_BITS);
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java platform", e);
        } finally {
            spec.clearPassword();
        }
    }
}

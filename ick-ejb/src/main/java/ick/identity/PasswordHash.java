package ick.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A user's password as it is stored: Argon2id (RFC 9106) from Bouncy Castle, the provider WildFly ships as
 * module {@code org.bouncycastle.bcprov}, encoded like the reference implementation's strings:
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (unpadded base64). The cost travels in
 * the encoding, so it can be raised later without invalidating stored hashes. Users type passwords, which are
 * weaker than generated client secrets: hence a memory-hard function here, where clients keep PBKDF2.
 */
public final class PasswordHash {
    /** OWASP's first Argon2id setting (19 MiB, 2 passes, 1 lane): about 50 ms here per verification. */
    static final int MEMORY_KIB = 19 * 1024;
    static final int PASSES = 2;
    static final int LANES = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** Refuses to spend more than this on a stored hash, however it got there. */
    private static final int MAX_MEMORY_KIB = 1024 * 1024;
    private static final int MAX_PASSES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();
    /** Verified against for unknown users, so that the answer takes as long either way. */
    private static final String DUMMY = of("not the password of anyone");

    private PasswordHash() {
    }

    public static String of(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(password, salt, MEMORY_KIB, PASSES, LANES, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + PASSES + ",p=" + LANES
                + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    /** Whether {@code password} is the one {@code encoded} was made from; constant-time; malformed matches nothing. */
    public static boolean matches(String password, String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$", -1);
        if (password == null || parts.length != 6 || !parts[0].isEmpty() || !"argon2id".equals(parts[1])
                || !"v=19".equals(parts[2])) {
            return false;
        }
        try {
            int memory = 0;
            int passes = 0;
            int lanes = 0;
            for (String setting : parts[3].split(",")) {
                String[] kv = setting.split("=", 2);
                int value = Integer.parseInt(kv[1]);
                switch (kv[0]) {
                    case "m" -> memory = value;
                    case "t" -> passes = value;
                    case "p" -> lanes = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = DECODER.decode(parts[4]);
            byte[] expected = DECODER.decode(parts[5]);
            if (memory < 8 || memory > MAX_MEMORY_KIB || passes < 1 || passes > MAX_PASSES || lanes < 1 || lanes > 16
                    || salt.length < 8 || expected.length < 16) {
                return false;
            }
            return MessageDigest.isEqual(expected, argon2(password, salt, memory, passes, lanes, expected.length));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Spends the time of one verification and matches nothing: for unknown user names. */
    static boolean matchesNothing(String password) {
        matches(password == null ? "" : password, DUMMY);
        return false;
    }

    private static byte[] argon2(String password, byte[] salt, int memory, int passes, int lanes, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(memory).withIterations(passes).withParallelism(lanes)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] hash = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        return hash;
    }
}

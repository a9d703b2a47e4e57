package ick.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretHashTest {
    @Test
    void theSecretMatchesItsHash() {
        String hash = SecretHash.of("correct horse battery staple");
        assertThat(SecretHash.matches("correct horse battery staple", hash)).isTrue();
    }

    @Test
    void anotherSecretDoesNotMatch() {
        String hash = SecretHash.of("correct horse battery staple");
        assertThat(SecretHash.matches("correct horse battery stapler", hash)).isFalse();
        assertThat(SecretHash.matches("", hash)).isFalse();
        assertThat(SecretHash.matches(null, hash)).isFalse();
    }

    @Test
    void encodingNamesSchemeIterationsSaltAndHashButNotTheSecret() {
        String hash = SecretHash.of("s3cret-s3cret");
        String[] parts = hash.split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(Integer.parseInt(parts[1])).isGreaterThanOrEqualTo(100_000);
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
        assertThat(hash).doesNotContain("s3cret");
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertThat(SecretHash.of("same secret")).isNotEqualTo(SecretHash.of("same secret"));
    }

    @Test
    void theIterationCountIsReadFromTheEncoding() {
        byte[] salt = new byte[16];
        String cheap = SecretHash.encode(1000, salt, pbkdf2("legacy secret", salt, 1000));
        assertThat(SecretHash.matches("legacy secret", cheap)).isTrue();
    }

    @Test
    void aTamperedHashMatchesNothing() {
        String hash = SecretHash.of("secret secret");
        String[] parts = hash.split("\\$");
        byte[] bytes = Base64.getDecoder().decode(parts[3]);
        bytes[bytes.length - 1] ^= 1;
        String tampered = SecretHash.encode(Integer.parseInt(parts[1]), Base64.getDecoder().decode(parts[2]), bytes);
        assertThat(SecretHash.matches("secret secret", tampered)).isFalse();
    }

    @Test
    void malformedEncodingsMatchNothing() {
        for (String bad : new String[] {null, "", "secret secret", "pbkdf2-sha256$x$AAAA$AAAA", "md5$1$AAAA$AAAA",
                "pbkdf2-sha256$0$AAAA$AAAA", "pbkdf2-sha256$1000$$AAAA", "pbkdf2-sha256$1000$AAAA$",
                "pbkdf2-sha256$1000$!!!!$AAAA", "pbkdf2-sha256$999999999$AAAA$AAAA", "pbkdf2-sha256$1000$AAAA$AAAA$AAAA"}) {
            assertThat(SecretHash.matches("secret secret", bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void anUnknownClientCostsAsMuchAsAWrongSecret() {
        String hash = SecretHash.of("secret secret");
        SecretHash.matches("warm up", hash);
        SecretHash.matchesNothing("warm up");
        long wrongSecret = median(() -> SecretHash.matches("wrong secret", hash));
        long unknownClient = median(() -> SecretHash.matchesNothing("wrong secret"));
        assertThat(unknownClient).isGreaterThan(wrongSecret / 3);
    }

    @Test
    void aVerificationIsFastEnoughForATokenRequest() {
        String hash = SecretHash.of("secret secret");
        SecretHash.matches("warm up", hash);
        assertThat(median(() -> SecretHash.matches("secret secret", hash)) / 1_000_000).isLessThan(500);
    }

    private static long median(Runnable r) {
        long[] times = new long[5];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            r.run();
            times[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(times);
        return times[times.length / 2];
    }

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        try {
            return javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new javax.crypto.spec.PBEKeySpec(secret.toCharArray(), salt, iterations, 256))
                    .getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}

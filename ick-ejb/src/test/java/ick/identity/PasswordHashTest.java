package ick.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
    /** Made by the reference implementation (Debian's {@code argon2} 0~20171227) with ick's cost settings. */
    private static final String REFERENCE = "$argon2id$v=19$m=19456,t=2,p=1$aWNrLXRlc3Qtc2FsdC0xNg"
            + "$CuGpHqePwN7ecl82QKJ0YUBUbg0xw77TQoYooLfA1HA";
    /** The same tool with a cost ick never chooses (64 KiB, 1 pass, 2 lanes): the cost is read from the string. */
    private static final String CHEAP_REFERENCE = "$argon2id$v=19$m=64,t=1,p=2$aWNrLXRlc3Qtc2FsdC0xNg"
            + "$1Sq/Uw/w7Iqt+c3zZZI6+kVzG7Eaw95nSI1HH+dRciY";

    @Test
    void theStoredStringIsArgon2idWithItsCostSaltAndHashButNotThePassword() {
        String hash = PasswordHash.of("correct horse battery staple");
        String[] parts = hash.split("\\$", -1);
        assertThat(parts).hasSize(6);
        assertThat(parts[1]).isEqualTo("argon2id");
        assertThat(parts[2]).isEqualTo("v=19");
        assertThat(parts[3]).isEqualTo("m=19456,t=2,p=1");
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[5])).hasSize(32);
        assertThat(hash).doesNotContain("correct", "horse", "=="); // unpadded, as the reference encodes
    }

    @Test
    void theRightPasswordMatchesAndAWrongOneDoesNot() {
        String hash = PasswordHash.of("correct horse battery staple");
        assertThat(PasswordHash.matches("correct horse battery staple", hash)).isTrue();
        assertThat(PasswordHash.matches("correct horse battery stapler", hash)).isFalse();
        assertThat(PasswordHash.matches("Correct horse battery staple", hash)).isFalse();
        assertThat(PasswordHash.matches("", hash)).isFalse();
        assertThat(PasswordHash.matches(null, hash)).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSaltAndBothMatch() {
        String one = PasswordHash.of("same password");
        String two = PasswordHash.of("same password");
        assertThat(one).isNotEqualTo(two);
        assertThat(one.split("\\$")[4]).isNotEqualTo(two.split("\\$")[4]);
        assertThat(PasswordHash.matches("same password", one)).isTrue();
        assertThat(PasswordHash.matches("same password", two)).isTrue();
    }

    @Test
    void stringsOfTheReferenceImplementationMatch() {
        assertThat(PasswordHash.matches("correct horse battery staple", REFERENCE)).isTrue();
        assertThat(PasswordHash.matches("correct horse battery stapler", REFERENCE)).isFalse();
        assertThat(PasswordHash.matches("legacy password", CHEAP_REFERENCE)).isTrue();
        assertThat(PasswordHash.matches("legacy passwort", CHEAP_REFERENCE)).isFalse();
    }

    @Test
    void aTamperedHashSaltOrCostMatchesNothing() {
        assertThat(PasswordHash.matches("legacy password", CHEAP_REFERENCE.replace("$1Sq", "$2Sq"))).isFalse();
        assertThat(PasswordHash.matches("legacy password", CHEAP_REFERENCE.replace("aWNr", "aWNs"))).isFalse();
        assertThat(PasswordHash.matches("legacy password", CHEAP_REFERENCE.replace("t=1", "t=2"))).isFalse();
        assertThat(PasswordHash.matches("legacy password", CHEAP_REFERENCE.replace("p=2", "p=1"))).isFalse();
    }

    @Test
    void malformedStringsMatchNothing() {
        String salt = "aWNrLXRlc3Qtc2FsdC0xNg";
        String hash = "1Sq/Uw/w7Iqt+c3zZZI6+kVzG7Eaw95nSI1HH+dRciY";
        for (String bad : new String[] {null, "", "legacy password", "$argon2id$v=19$m=64,t=1,p=2$" + salt,
                "$argon2i$v=19$m=64,t=1,p=2$" + salt + "$" + hash, "$argon2d$v=19$m=64,t=1,p=2$" + salt + "$" + hash,
                "$argon2id$v=16$m=64,t=1,p=2$" + salt + "$" + hash, "argon2id$v=19$m=64,t=1,p=2$" + salt + "$" + hash,
                "$argon2id$v=19$m=64,t=1,p=2,x=1$" + salt + "$" + hash, "$argon2id$v=19$m=64,t=one,p=2$" + salt + "$" + hash,
                "$argon2id$v=19$m=4,t=1,p=1$" + salt + "$" + hash, "$argon2id$v=19$m=64,t=0,p=2$" + salt + "$" + hash,
                "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + hash,
                "$argon2id$v=19$m=99999999,t=1,p=2$" + salt + "$" + hash, "$argon2id$v=19$m=64,t=99,p=2$" + salt + "$" + hash,
                "$argon2id$v=19$m=64,t=1,p=2$$" + hash, "$argon2id$v=19$m=64,t=1,p=2$" + salt + "$",
                "$argon2id$v=19$m=64,t=1,p=2$!!!!$" + hash, "$argon2id$v=19$m=64,t=1,p=2$" + salt + "$AAAA",
                "$argon2id$v=19$m=64,t=1,p=2$" + salt + "$" + hash + "$" + hash, "pbkdf2-sha256$1000$AAAA$AAAA"}) {
            assertThat(PasswordHash.matches("legacy password", bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}

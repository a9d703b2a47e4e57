package ick.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyStoreTest {
    @TempDir
    Path tmp;

    @Test
    void theFirstLoadMakesAPrivateKeyOnlyTheOwnerCanRead() throws Exception {
        Path dir = tmp.resolve("data/ick");
        RSAKey key = new SigningKeyStore(dir).loadOrCreate();
        assertThat(key.isPrivate()).isTrue();
        assertThat(key.size()).isGreaterThanOrEqualTo(2048);
        assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SigningKeyStore.KEY_FILE))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(SigningKeyStore.KEY_FILE);
        }
    }

    @Test
    void laterLoadsReuseTheKey() throws Exception {
        RSAKey first = new SigningKeyStore(tmp).loadOrCreate();
        RSAKey second = new SigningKeyStore(tmp).loadOrCreate();
        assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(second.toPrivateKey()).isEqualTo(first.toPrivateKey());
    }

    @Test
    void aKeyFileOthersCouldReadIsClosedUp() throws Exception {
        new SigningKeyStore(tmp).loadOrCreate();
        Path file = tmp.resolve(SigningKeyStore.KEY_FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        new SigningKeyStore(tmp).loadOrCreate();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aKeyFileWithoutAPrivateKeyIsRefused() throws Exception {
        RSAKey key = SigningKeyStore.generate();
        Path file = tmp.resolve(SigningKeyStore.KEY_FILE);
        Files.writeString(file, key.toPublicJWK().toJSONString());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> new SigningKeyStore(tmp).loadOrCreate()).isInstanceOf(IOException.class);
        Files.writeString(file, "not json");
        assertThatThrownBy(() -> new SigningKeyStore(tmp).loadOrCreate()).isInstanceOf(IOException.class);
    }

    @Test
    void thePublishedSetHasThePublicKeyOnly() throws Exception {
        SigningKeyStore store = new SigningKeyStore(tmp);
        RSAKey key = store.loadOrCreate();
        store.publish(new JWKSet(key));
        String published = Files.readString(store.jwksFile());
        JWKSet set = JWKSet.parse(published);
        assertThat(set.getKeys()).singleElement().satisfies(k -> {
            assertThat(k.isPrivate()).isFalse();
            assertThat(k.getKeyID()).isEqualTo(key.getKeyID());
        });
        assertThat(published).doesNotContain("\"d\"").doesNotContain("\"p\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.jwksFile()))).isEqualTo("rw-r--r--");
        store.publish(new JWKSet(key)); // replacing it is fine
        try (var files = Files.list(tmp)) {
            assertThat(files).hasSize(2); // no temporary files left behind
        }
    }
}

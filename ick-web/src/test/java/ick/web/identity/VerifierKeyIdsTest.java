package ick.web.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierKeyIdsTest {
    private static RSAKey known;
    private static RSAKey other;

    @TempDir
    Path tmp;

    @BeforeAll
    static void keys() throws Exception {
        known = new RSAKeyGenerator(2048).keyID("known").generate();
        other = new RSAKeyGenerator(2048).keyID("other").generate();
    }

    private static String token(RSAKey key, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                new JWTClaimsSet.Builder().subject("x").build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private VerifierKeyIds idsOf(JWKSet set) throws Exception {
        Path file = tmp.resolve("jwks.json");
        Files.writeString(file, set.toPublicJWKSet().toString());
        return VerifierKeyIds.forLocation("file:" + file).orElseThrow();
    }

    @Test
    void aTokenNamingAKeyNotInTheSetIsUnknown() throws Exception {
        VerifierKeyIds ids = idsOf(new JWKSet(known));
        assertThat(ids.isUnknownKey(token(other, "other"))).isTrue();
        assertThat(ids.isUnknownKey(token(known, "known"))).isFalse();
    }

    @Test
    void whatCannotBeToldIsLeftToTheVerifier() throws Exception {
        VerifierKeyIds ids = idsOf(new JWKSet(known));
        assertThat(ids.isUnknownKey(token(other, null))).isFalse();
        assertThat(ids.isUnknownKey("garbage")).isFalse();
        assertThat(ids.isUnknownKey("eyJhbGciOiJub25lIn0.e30.")).isFalse(); // alg=none, no kid
        assertThat(ids.isUnknownKey("!!!.e30.x")).isFalse();
    }

    @Test
    void theSetIsReadAgainWhenItChanges() throws Exception {
        VerifierKeyIds ids = idsOf(new JWKSet(known));
        assertThat(ids.isUnknownKey(token(other, "other"))).isTrue();
        Path file = tmp.resolve("jwks.json");
        Files.writeString(file, new JWKSet(java.util.List.of(known.toPublicJWK(), other.toPublicJWK())).toString());
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(ids.isUnknownKey(token(other, "other"))).isFalse();
    }

    @Test
    void aMissingOrUnreadableSetKnowsNothing() throws Exception {
        VerifierKeyIds ids = VerifierKeyIds.forLocation("file:" + tmp.resolve("absent.json")).orElseThrow();
        assertThat(ids.isUnknownKey(token(other, "other"))).isFalse();
        Files.writeString(tmp.resolve("absent.json"), "-----BEGIN PUBLIC KEY-----");
        assertThat(ids.isUnknownKey(token(other, "other"))).isFalse();
    }

    @Test
    void onlyLocalFilesAreChecked() {
        assertThat(VerifierKeyIds.forLocation("https://idp.example/jwks")).isEmpty();
        assertThat(VerifierKeyIds.forLocation(null)).isEmpty();
        assertThat(VerifierKeyIds.forLocation("file:///srv/ick/jwks.json")).isPresent();
    }

    @Test
    void bearerTokensAreTakenFromTheAuthorizationHeader() {
        assertThat(BearerAuthHandler.bearerToken("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
        assertThat(BearerAuthHandler.bearerToken("bearer  abc ")).isEqualTo("abc");
        assertThat(BearerAuthHandler.bearerToken("Basic abc")).isNull();
        assertThat(BearerAuthHandler.bearerToken("Bearer ")).isNull();
        assertThat(BearerAuthHandler.bearerToken(null)).isNull();
    }
}

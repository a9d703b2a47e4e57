package ick.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final IdentitySettings SETTINGS =
            new IdentitySettings("https://ick.example", "ick", Duration.ofMinutes(10), Path.of("unused"));
    private static RSAKey key;

    @BeforeAll
    static void makeKey() {
        key = SigningKeyStore.generate();
    }

    private AccessToken issue(String client, Set<String> scopes) {
        return new TokenIssuer(key, SETTINGS, Clock.fixed(NOW, ZoneOffset.UTC)).issue(client, scopes);
    }

    @Test
    void theTokenIsSignedByTheKeyItNames() throws Exception {
        SignedJWT jwt = SignedJWT.parse(issue("worker-1", Scopes.WORKER).value());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.computeThumbprint().toString());
        assertThat(jwt.verify(new RSASSAVerifier(key.toPublicJWK()))).isTrue();
        assertThat(jwt.verify(new RSASSAVerifier(SigningKeyStore.generate().toPublicJWK()))).isFalse();
    }

    @Test
    void theTokenCarriesIssuerAudienceClientTimesIdAndScope() throws Exception {
        AccessToken token = issue("worker-1", Scopes.WORKER);
        var claims = SignedJWT.parse(token.value()).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("https://ick.example");
        assertThat(claims.getAudience()).containsExactly("ick");
        assertThat(claims.getSubject()).isEqualTo("worker-1");
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(claims.getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(600)));
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Scopes.parse(claims.getStringClaim("scope"))).containsExactlyInAnyOrderElementsOf(Scopes.WORKER);
        assertThat(token.expiresIn()).isEqualTo(600);
        assertThat(token.scope()).isEqualTo(claims.getStringClaim("scope"));
    }

    @Test
    void everyTokenHasItsOwnId() throws Exception {
        String a = SignedJWT.parse(issue("c", Set.of()).value()).getJWTClaimsSet().getJWTID();
        String b = SignedJWT.parse(issue("c", Set.of()).value()).getJWTClaimsSet().getJWTID();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void theTokenNeverShowsInLogs() {
        AccessToken token = issue("c", Set.of(Scopes.STATUS_GET));
        assertThat(token.toString()).doesNotContain(token.value());
        assertThat(List.of(token).toString()).doesNotContain(token.value().substring(0, 20));
    }
}

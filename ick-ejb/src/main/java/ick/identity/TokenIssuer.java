package ick.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/**
 * Makes access tokens: RS256 JWTs carrying {@code iss}, {@code aud}, {@code sub} (the client id),
 * {@code iat}, {@code exp}, {@code jti} and {@code scope}, with the signing key's {@code kid} in the header.
 */
final class TokenIssuer {
    private final RSAKey key;
    private final RSASSASigner signer;
    private final IdentitySettings settings;
    private final Clock clock;

    TokenIssuer(RSAKey key, IdentitySettings settings, Clock clock) {
        this.key = key;
        this.settings = settings;
        this.clock = clock;
        try {
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not a private RSA key", e);
        }
    }

    AccessToken issue(String clientId, Set<String> scopes) {
        Instant now = clock.instant();
        Instant expiry = now.plus(settings.tokenLifetime());
        String scope = Scopes.format(scopes);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(clientId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", scope)
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return new AccessToken(jwt.serialize(), settings.tokenLifetime().toSeconds(), scope);
    }
}

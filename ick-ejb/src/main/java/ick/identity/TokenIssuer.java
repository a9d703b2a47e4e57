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
        String scope = Scopes.format(scopes);
        return new AccessToken(sign(base(clientId, settings.audience(), now).claim("scope", scope).build()),
                settings.tokenLifetime().toSeconds(), scope);
    }

    /**
     * An access token for a person logged in through {@code clientId}: as a client's, plus the OIDC claims a
     * relying party reads ({@code preferred_username}, {@code azp}, {@code typ}) and the role names in
     * {@code roles}, where WildFly's OIDC client takes roles from.
     */
    AccessToken issueForUser(UserInfo user, String clientId) {
        Instant now = clock.instant();
        UserRole role = UserRole.of(user.role());
        String scope = Scopes.format(role.scopes());
        JWTClaimsSet claims = base(user.name(), settings.audience(), now)
                .claim("scope", scope)
                .claim("typ", "Bearer")
                .claim("azp", clientId)
                .claim("preferred_username", user.name())
                .claim("roles", role.roles())
                .build();
        return new AccessToken(sign(claims), settings.tokenLifetime().toSeconds(), scope);
    }

    /** The OIDC ID token of that login: for {@code clientId}, with the nonce the client sent. */
    String idToken(UserInfo user, String clientId, String nonce) {
        JWTClaimsSet.Builder claims = base(user.name(), clientId, clock.instant())
                .claim("typ", "ID")
                .claim("azp", clientId)
                .claim("preferred_username", user.name())
                .claim("roles", UserRole.of(user.role()).roles());
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return sign(claims.build());
    }

    private JWTClaimsSet.Builder base(String subject, String audience, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.tokenLifetime())))
                .jwtID(UUID.randomUUID().toString());
    }

    private String sign(JWTClaimsSet claims) {
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
        return jwt.serialize();
    }
}

package ick.it.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import ick.it.TestEnv;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Tokens made by the test: with the controller's own key (read from its data directory) or with another. */
final class Tokens {
    private Tokens() {
    }

    /** The controller's signing key, as it keeps it in {@code ${ick.data-dir}}. */
    static RSAKey serverKey() {
        try {
            return RSAKey.parse(Files.readString(TestEnv.itDir().resolve("data/token-signing-key.json")));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the controller's signing key", e);
        }
    }

    static RSAKey otherKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims as the controller would issue them for the admin client, valid for five minutes from now. */
    static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(TestEnv.baseUrl())
                .audience("ick")
                .subject("admin")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .claim("scope", "uapi_clients_get uapi_status_get");
    }

    static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

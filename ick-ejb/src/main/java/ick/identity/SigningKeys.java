package ick.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The token issuer's signing key: loaded (or made, the first time) when the application starts, and its
 * public half written to {@code ${ick.data-dir}/jwks.json} before the first request, where MicroProfile JWT
 * reads it to verify tokens.
 */
@Startup
@Singleton
@Lock(LockType.READ)
public class SigningKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

    private RSAKey key;
    private TokenIssuer issuer;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void start() {
        IdentitySettings settings = IdentitySettings.fromConfig();
        SigningKeyStore store = new SigningKeyStore(settings.dataDir());
        try {
            key = store.loadOrCreate();
            store.publish(new JWKSet(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the token signing key in " + settings.dataDir(), e);
        }
        issuer = new TokenIssuer(key, settings, Clock.systemUTC());
        LOG.info(() -> "Token issuer " + settings.issuer() + " signs with key " + key.getKeyID()
                + "; public keys in " + store.jwksFile());
    }

    /** The public keys tokens are signed with (the JWKS of {@code /.well-known/jwks.json}). */
    public JWKSet publicKeys() {
        return new JWKSet(key).toPublicJWKSet();
    }

    /** A signed access token for a person logged in through {@code clientId}. */
    public AccessToken issueForUser(UserInfo user, String clientId) {
        return issuer.issueForUser(user, clientId);
    }

    /** A signed OIDC ID token for a person logged in through {@code clientId}. */
    public String idToken(UserInfo user, String clientId, String nonce) {
        return issuer.idToken(user, clientId, nonce);
    }

    /** A signed token for this client with these scopes. */
    public AccessToken issue(String clientId, Set<String> scopes) {
        return issuer.issue(clientId, scopes);
    }
}

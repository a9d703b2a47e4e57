/**
 * Identity: who may call the controller, and the token issuer that says so.
 *
 * <p>ick is its own OAuth2 authorisation server in the style of the original ick's Qvisqve: a
 * <em>client</em> (an id, a secret and a set of <em>scopes</em>) exchanges its credentials at
 * {@code POST /token} (client-credentials grant) for a short-lived RS256 JWT. The API checks that token
 * with MicroProfile JWT against the public key this package publishes in {@code ${ick.data-dir}/jwks.json}
 * and maps each scope to a role ({@link ick.identity.Scopes} names them all).
 *
 * <ul>
 * <li>{@link ick.identity.Client} is the stored client; its secret is kept only as a salted PBKDF2 hash
 * ({@link ick.identity.SecretHash}).</li>
 * <li>{@link ick.identity.ClientService} administers clients and authenticates them;
 * {@link ick.identity.TokenService} grants tokens.</li>
 * <li>{@link ick.identity.SigningKeys} owns the RSA signing key (created once, kept 0600 in the data
 * directory, reused across restarts) and writes the JWKS at startup.</li>
 * <li>{@link ick.identity.AdminBootstrap} creates the first client, {@code admin}, from a secret file, so
 * that {@code ./ick up} has credentials to start with.</li>
 * </ul>
 *
 * <p>A site may trust its own OIDC provider instead: the API then verifies tokens against that provider's
 * JWKS, and this issuer's tokens are simply no longer accepted.
 */
package ick.identity;

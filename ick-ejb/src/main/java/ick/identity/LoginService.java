package ick.identity;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Logs people in for the web UI: the OAuth2 authorization-code grant with PKCE (RFC 6749 4.1, RFC 7636) and
 * OpenID Connect's ID token. {@link #login} turns a user's password into a one-time code for the client;
 * {@link #exchange} turns that code, with the PKCE verifier only that client knows, into tokens.
 */
@Stateless
public class LoginService {
    private static final Logger LOG = Logger.getLogger(LoginService.class.getName());

    @Inject
    UserService users;

    @Inject
    AuthorizationCodes codes;

    @Inject
    SigningKeys keys;

    /** The tokens of a login: the access token for the API and the OIDC ID token for the client. */
    public record Tokens(AccessToken accessToken, String idToken) {
        @Override
        public String toString() {
            return "Tokens[" + accessToken + "]";
        }
    }

    public LoginSettings settings() {
        return LoginSettings.fromConfig(IdentitySettings.fromConfig());
    }

    /** A code for the client if the password is right; empty otherwise. */
    public Optional<String> login(String user, String password, String clientId, String redirectUri,
                                  String codeChallenge, String nonce) {
        Optional<UserInfo> found = users.authenticate(user, password);
        if (found.isEmpty()) {
            LOG.info(() -> "Login refused for user name " + printable(user));
            return Optional.empty();
        }
        LOG.info(() -> "User " + found.get().name() + " logged in through " + clientId);
        return Optional.of(codes.issue(clientId, redirectUri, codeChallenge, nonce, found.get()));
    }

    /**
     * The tokens for a code, redeemed once.
     *
     * @throws TokenRequestException {@code invalid_grant} for an unknown, used or expired code, a different
     *         client or redirect URI than the code was made for, or a verifier that does not match the challenge
     */
    public Tokens exchange(String code, String clientId, String redirectUri, String codeVerifier)
            throws TokenRequestException {
        AuthorizationCodes.Grant grant = codes.redeem(code).orElseThrow(() ->
                new TokenRequestException(TokenRequestException.Error.INVALID_GRANT, "unknown, used or expired code"));
        if (!grant.clientId().equals(clientId) || !grant.redirectUri().equals(redirectUri)) {
            throw new TokenRequestException(TokenRequestException.Error.INVALID_GRANT,
                    "the code was issued to another client or redirect_uri");
        }
        if (codeVerifier == null || !MessageDigest.isEqual(s256(codeVerifier).getBytes(StandardCharsets.US_ASCII),
                grant.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            throw new TokenRequestException(TokenRequestException.Error.INVALID_GRANT,
                    "code_verifier does not match the code_challenge");
        }
        // the user may have been changed since the login; the token says what is true now
        UserInfo user = users.find(grant.user().name()).orElseThrow(() ->
                new TokenRequestException(TokenRequestException.Error.INVALID_GRANT, "the user no longer exists"));
        return new Tokens(keys.issueForUser(user, clientId), keys.idToken(user, clientId, grant.nonce()));
    }

    /** PKCE's S256 transformation: BASE64URL(SHA-256(ASCII(verifier))). */
    static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static String printable(String name) {
        if (name == null) {
            return "(none)";
        }
        String shown = name.length() > 100 ? name.substring(0, 100) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}

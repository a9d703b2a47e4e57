package ick.identity;

/**
 * A token granted to a client, as the token endpoint returns it.
 *
 * @param value the signed JWT
 * @param expiresIn seconds until it expires
 * @param scope the scopes it carries, space-separated
 */
public record AccessToken(String value, long expiresIn, String scope) {
    @Override
    public String toString() {
        return "AccessToken[expiresIn=" + expiresIn + ", scope=" + scope + "]"; // never the token itself
    }
}

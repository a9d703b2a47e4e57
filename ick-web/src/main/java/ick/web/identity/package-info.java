/**
 * The HTTP side of identity: the OAuth2 token endpoint ({@code POST /token}), the public keys
 * ({@code GET /.well-known/jwks.json}), and the answers the API gives a caller it cannot let in: 401 with
 * {@code WWW-Authenticate: Bearer} and a problem+json body when the token is missing or not valid, 403 when
 * the token lacks the scope. Checking tokens is MicroProfile JWT's job; this package only fills the gaps it
 * leaves on WildFly (no challenge header, HTML bodies, 500 for a token signed by an unknown key).
 */
package ick.web.identity;

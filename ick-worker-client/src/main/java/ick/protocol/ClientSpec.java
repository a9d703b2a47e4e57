package ick.protocol;

import java.util.List;

/**
 * An API client registered with the token issuer ({@code PUT /api/v1/clients/{id}}).
 *
 * @param secret only ever sent, never returned; the issuer keeps a salted hash of it
 */
public record ClientSpec(String secret, List<String> scopes) {
}

package ick.client.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The token endpoint's answer. Unknown fields are ignored here, unlike in the API: the endpoint may be a
 * site's own OIDC issuer, which adds fields of its own.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenResponse(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("scope") String scope) {

    /** Never shows the token itself, so that a logged or printed response leaks nothing. */
    @Override
    public String toString() {
        return "TokenResponse[token_type=" + tokenType + ", expires_in=" + expiresIn + ", scope=" + scope + "]";
    }
}

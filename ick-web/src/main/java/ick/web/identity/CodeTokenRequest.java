package ick.web.identity;

import ick.identity.LoginService;
import ick.identity.TokenRequestException;
import ick.identity.TokenRequestException.Error;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An authorization-code token request (RFC 6749 4.1.3) from the public client of the web UI: the code, the
 * redirect URI it was sent to, the client id and the PKCE verifier (RFC 7636), which stands in for a secret.
 */
record CodeTokenRequest(String code, String redirectUri, String clientId, String codeVerifier) {
    static final String GRANT_TYPE = "authorization_code";

    static CodeTokenRequest parse(String form) throws TokenRequestException {
        Map<String, String> params = TokenRequest.formParameters(form);
        for (String required : new String[] {"code", "redirect_uri", "client_id", "code_verifier"}) {
            if (params.get(required) == null || params.get(required).isEmpty()) {
                throw new TokenRequestException(Error.INVALID_REQUEST, required + " is missing");
            }
        }
        return new CodeTokenRequest(params.get("code"), params.get("redirect_uri"), params.get("client_id"),
                params.get("code_verifier"));
    }

    /** The token response: access token, ID token, their type and lifetime. */
    Map<String, Object> answer(LoginService logins) throws TokenRequestException {
        LoginService.Tokens tokens = logins.exchange(code, clientId, redirectUri, codeVerifier);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", tokens.accessToken().value());
        answer.put("token_type", "Bearer");
        answer.put("expires_in", tokens.accessToken().expiresIn());
        answer.put("scope", tokens.accessToken().scope());
        answer.put("id_token", tokens.idToken());
        return answer;
    }

    @Override
    public String toString() {
        return "CodeTokenRequest[clientId=" + clientId + "]"; // never the code or the verifier
    }
}

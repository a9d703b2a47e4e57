package ick.web.identity;

import ick.identity.TokenRequestException;
import ick.identity.TokenRequestException.Error;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A client-credentials token request (RFC 6749, 4.4) as read from the form body and the
 * {@code Authorization} header. The client authenticates either with HTTP Basic (id and secret
 * form-urlencoded, then base64, as section 2.3.1 says) or with {@code client_id} and {@code client_secret}
 * in the form, never both.
 *
 * @param secrets the secret the client may have meant, most likely first: a Basic secret is form-decoded as
 *        the RFC says, but many clients send it raw, so a raw secret that decodes differently is tried too
 * @param scope the scopes asked for, space-separated, or null for all the client has
 */
record TokenRequest(String clientId, List<String> secrets, String scope) {
    static final String GRANT_TYPE = "client_credentials";

    static TokenRequest parse(String form, String authorization) throws TokenRequestException {
        Map<String, String> params = formParameters(form);
        String[] basic = basicCredentials(authorization);
        String formId = params.get("client_id");
        String formSecret = params.get("client_secret");
        String clientId;
        List<String> secrets;
        if (basic != null) {
            if (formSecret != null) {
                throw new TokenRequestException(Error.INVALID_REQUEST, "use one way to authenticate: Basic or client_secret");
            }
            clientId = decodedOrRaw(basic[0]);
            if (formId != null && !formId.equals(clientId)) {
                throw new TokenRequestException(Error.INVALID_REQUEST, "client_id differs from the Basic user name");
            }
            String decoded = decodedOrRaw(basic[1]);
            secrets = decoded.equals(basic[1]) ? List.of(decoded) : List.of(decoded, basic[1]);
        } else if (formId != null && formSecret != null) {
            clientId = formId;
            secrets = List.of(formSecret);
        } else {
            throw new TokenRequestException(Error.INVALID_CLIENT, "no client credentials: use HTTP Basic authentication");
        }
        String grantType = params.get("grant_type");
        if (grantType == null) {
            throw new TokenRequestException(Error.INVALID_REQUEST, "grant_type is missing");
        }
        if (!GRANT_TYPE.equals(grantType)) {
            throw new TokenRequestException(Error.UNSUPPORTED_GRANT_TYPE, "only grant_type=" + GRANT_TYPE + " is supported");
        }
        return new TokenRequest(clientId, secrets, params.get("scope"));
    }

    /** The parameters of an {@code application/x-www-form-urlencoded} body; each may appear once. */
    static Map<String, String> formParameters(String form) throws TokenRequestException {
        Map<String, String> params = new HashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.put(name, value) != null) {
                throw new TokenRequestException(Error.INVALID_REQUEST, "parameter " + name + " given more than once");
            }
        }
        return params;
    }

    /** User name and password of an {@code Authorization: Basic} header; null if there is no such header. */
    private static String[] basicCredentials(String authorization) throws TokenRequestException {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new TokenRequestException(Error.INVALID_CLIENT, "the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new TokenRequestException(Error.INVALID_CLIENT, "the Basic credentials have no ':'");
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static String decode(String s) throws TokenRequestException {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new TokenRequestException(Error.INVALID_REQUEST, "the form is not valid x-www-form-urlencoded");
        }
    }

    private static String decodedOrRaw(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override
    public String toString() {
        return "TokenRequest[clientId=" + clientId + ", scope=" + scope + "]"; // never the secret
    }
}

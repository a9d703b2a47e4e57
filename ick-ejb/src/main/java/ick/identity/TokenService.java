package ick.identity;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.logging.Logger;

/** Grants access tokens to clients (the OAuth2 client-credentials grant). */
@Stateless
public class TokenService {
    private static final Logger LOG = Logger.getLogger(TokenService.class.getName());

    @Inject
    ClientService clients;

    @Inject
    SigningKeys keys;

    /**
     * A token for the client with these credentials.
     *
     * @param requestedScope the scopes wanted, space-separated; null or blank for all of the client's scopes
     * @throws TokenRequestException {@code invalid_client} for a wrong id or secret, {@code invalid_scope} for
     *         a scope the client does not have
     */
    public AccessToken grant(String clientId, String secret, String requestedScope) throws TokenRequestException {
        ClientInfo client = clients.authenticate(clientId, secret).orElseThrow(() -> {
            LOG.fine(() -> "Token refused: bad credentials for client id " + printable(clientId));
            return new TokenRequestException(TokenRequestException.Error.INVALID_CLIENT, "unknown client or wrong secret");
        });
        Set<String> granted = narrow(Set.copyOf(client.scopes()), requestedScope);
        LOG.fine(() -> "Token granted to " + client.id() + " with scope " + Scopes.format(granted));
        return keys.issue(client.id(), granted);
    }

    /**
     * The scopes a token gets: all those {@code held} when none are asked for, else those asked for if the
     * client holds every one of them.
     */
    static Set<String> narrow(Set<String> held, String requestedScope) throws TokenRequestException {
        Set<String> requested = Scopes.parse(requestedScope);
        if (requested.isEmpty()) {
            return held;
        }
        if (!held.containsAll(requested)) {
            throw new TokenRequestException(TokenRequestException.Error.INVALID_SCOPE,
                    "the client may not have the scopes asked for");
        }
        return requested;
    }

    /** A client id fit for a log line, whatever was sent. */
    private static String printable(String id) {
        if (id == null) {
            return "(none)";
        }
        String shown = id.length() > 100 ? id.substring(0, 100) + "..." : id;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}

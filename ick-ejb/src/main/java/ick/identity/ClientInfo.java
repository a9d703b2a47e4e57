package ick.identity;

import java.util.List;

/** What may be shown of a client: its id and scopes, never its secret or the secret's hash. */
public record ClientInfo(String id, List<String> scopes) {
    static ClientInfo of(Client client) {
        return new ClientInfo(client.id(), List.copyOf(client.scopes()));
    }
}

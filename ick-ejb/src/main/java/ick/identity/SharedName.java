package ick.identity;

import ick.problem.ConflictException;
import ick.project.Names;

/**
 * A user and a client of the same name share a token subject ({@code sub}), which is who a worker is: a user
 * named like a worker's client could register and report as that worker. So a name is one client's and one
 * user's only when both are admins (the bootstrap's {@code admin}, who is one person).
 */
final class SharedName {
    private SharedName() {
    }

    /** Refuses {@code name}, which {@code holder} ("a client", "a user") has already. */
    static ConflictException refusal(String name, String holder) {
        return new ConflictException(Names.quote(name) + " is already the name of " + holder + ": a client and a"
                + " user of the same name would be one identity in tokens, which only an admin client and an admin"
                + " user may share");
    }
}

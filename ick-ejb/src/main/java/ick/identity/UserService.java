package ick.identity;

import ick.problem.InvalidInputException;
import ick.project.Names;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/** Administers the people who log in to the web UI and checks their passwords. */
@Stateless
public class UserService {
    private static final Logger LOG = Logger.getLogger(UserService.class.getName());

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    Clock clock = Clock.systemUTC();

    /**
     * Creates the user, or gives an existing one this password and role.
     *
     * @param role {@code viewer} or {@code admin}
     * @throws InvalidInputException if name, password or role break the rules of {@link User#faults}
     */
    public ClientService.Outcome put(String name, String password, String role) {
        UserRole userRole = UserRole.of(role);
        List<String> faults = User.faults(name, password, userRole);
        if (!faults.isEmpty()) {
            throw new InvalidInputException("invalid user " + Names.quote(String.valueOf(name)), faults);
        }
        Client client = em.find(Client.class, name);
        if (client != null && !(userRole == UserRole.ADMIN && client.isAdmin())) {
            throw SharedName.refusal(name, "a client");
        }
        Instant now = clock.instant();
        User user = em.find(User.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            em.persist(new User(name, password, userRole, now));
            LOG.info(() -> "User " + name + " created with role " + role);
            return ClientService.Outcome.CREATED;
        }
        if (!user.change(password, userRole, now)) {
            return ClientService.Outcome.UNCHANGED;
        }
        LOG.info(() -> "User " + name + " updated, role now " + role);
        return ClientService.Outcome.UPDATED;
    }

    public Optional<UserInfo> find(String name) {
        return Optional.ofNullable(name == null ? null : em.find(User.class, name)).map(UserInfo::of);
    }

    /**
     * The user with this name and password, if there is one. Takes as long for an unknown name as for a
     * wrong password, so that the answer does not tell which names exist.
     */
    public Optional<UserInfo> authenticate(String name, String password) {
        User user = name == null || name.length() > Names.MAX_LENGTH ? null : em.find(User.class, name);
        if (user == null) {
            PasswordHash.matchesNothing(password);
            return Optional.empty();
        }
        return user.hasPassword(password) ? Optional.of(UserInfo.of(user)) : Optional.empty();
    }
}

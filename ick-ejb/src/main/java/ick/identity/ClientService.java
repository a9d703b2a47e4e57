package ick.identity;

import ick.problem.InvalidInputException;
import ick.problem.NoSuchItemException;
import ick.project.Names;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/** Administers the token issuer's clients and checks their credentials. */
@Stateless
public class ClientService {
    private static final Logger LOG = Logger.getLogger(ClientService.class.getName());

    /** What {@link #put} did. */
    public enum Outcome {
        /** There was no client of that id; now there is. */
        CREATED,
        /** The client's secret or scopes changed. */
        UPDATED,
        /** The client already had exactly that secret and those scopes. */
        UNCHANGED
    }

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    Clock clock = Clock.systemUTC();

    /** Scope-set names a client may be given instead of listing scopes one by one. */
    public static final java.util.Map<String, java.util.Set<String>> SCOPE_SETS =
            java.util.Map.of("@admin", Scopes.ADMIN, "@worker", Scopes.WORKER, "@trusted", Scopes.TRUSTED_WORKER);

    /**
     * Creates the client, or gives an existing one this secret and these scopes. {@code @worker},
     * {@code @trusted} and {@code @admin} stand for the scopes of {@link Scopes#WORKER},
     * {@link Scopes#TRUSTED_WORKER} and {@link Scopes#ADMIN}, so that whoever registers a worker need not know
     * the list.
     *
     * @throws InvalidInputException if the id, secret or scopes break the rules of {@link Client#faults}
     */
    public Outcome put(String id, String secret, Collection<String> requestedScopes) {
        Collection<String> scopes = requestedScopes == null ? null : requestedScopes.stream()
                .flatMap(s -> s == null ? java.util.stream.Stream.of(s) : SCOPE_SETS.getOrDefault(s, java.util.Set.of(s)).stream())
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
        List<String> faults = Client.faults(id, secret, scopes);
        if (!faults.isEmpty()) {
            throw new InvalidInputException("invalid client " + Names.quote(String.valueOf(id)), faults);
        }
        User user = em.find(User.class, id);
        if (user != null && !(user.role() == UserRole.ADMIN && scopes.containsAll(Scopes.ADMIN))) {
            throw SharedName.refusal(id, "a user");
        }
        Instant now = clock.instant();
        Client client = em.find(Client.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (client == null) {
            em.persist(new Client(id, secret, scopes, now));
            LOG.info(() -> "Client " + id + " created with scopes " + Scopes.format(scopes));
            return Outcome.CREATED;
        }
        if (!client.change(secret, scopes, now)) {
            return Outcome.UNCHANGED;
        }
        LOG.info(() -> "Client " + id + " updated, scopes now " + Scopes.format(scopes));
        return Outcome.UPDATED;
    }

    public Optional<ClientInfo> find(String id) {
        return Optional.ofNullable(id == null ? null : em.find(Client.class, id)).map(ClientInfo::of);
    }

    /** Every client, by id. */
    public List<ClientInfo> list() {
        return em.createQuery("select c from Client c order by c.id", Client.class)
                .getResultList().stream().map(ClientInfo::of).toList();
    }

    /**
     * Removes the client. Tokens already issued to it stay valid until they expire.
     *
     * @throws NoSuchItemException if there is no client of that id
     */
    public void delete(String id) {
        Client client = id == null ? null : em.find(Client.class, id);
        if (client == null) {
            throw new NoSuchItemException("no client " + Names.quote(String.valueOf(id)));
        }
        em.remove(client);
        LOG.info(() -> "Client " + id + " deleted");
    }

    /**
     * The client with this id and secret, if there is one. Takes as long for an unknown id as for a wrong
     * secret, so that the answer does not tell which ids exist.
     */
    public Optional<ClientInfo> authenticate(String id, String secret) {
        Client client = id == null ? null : em.find(Client.class, id);
        if (client == null) {
            SecretHash.matchesNothing(secret);
            return Optional.empty();
        }
        return client.hasSecret(secret) ? Optional.of(ClientInfo.of(client)) : Optional.empty();
    }
}

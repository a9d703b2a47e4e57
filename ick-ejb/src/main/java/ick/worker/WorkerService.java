package ick.worker;

import ick.db.JsonText;
import ick.problem.InvalidInputException;
import ick.protocol.ActionState;
import ick.protocol.WorkerInfo;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Registering workers and telling who is there. */
@Stateless
public class WorkerService {
    static final int MAX_NAME = 200;

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    /**
     * Records worker {@code name} with {@code labels} (replacing earlier ones); idempotent.
     *
     * @param trusted whether its token makes it a trusted worker: recorded to inform, never to route
     */
    public WorkerInfo register(String name, List<String> labels, boolean trusted) {
        requireName(name);
        List<String> given = labels == null ? List.of() : labels;
        if (given.stream().anyMatch(l -> l == null || l.isBlank() || l.length() > 100)) {
            throw new InvalidInputException("labels must be non-empty strings of at most 100 characters");
        }
        em.createNativeQuery("insert into ick.worker (name, labels, registered_at, last_seen, trusted)"
                        + " values (?1, ?2, ?3, ?3, ?4) on conflict (name) do update"
                        + " set labels = excluded.labels, last_seen = excluded.last_seen, trusted = excluded.trusted")
                .setParameter(1, name).setParameter(2, JsonText.write(given))
                .setParameter(3, Timestamp.from(Instant.now())).setParameter(4, trusted).executeUpdate();
        Worker worker = em.createQuery("select w from Worker w where w.name = :name", Worker.class)
                .setParameter("name", name).getSingleResult();
        return worker.toInfo(currentActions().get(name));
    }

    /** Shared by the pool's instances: one write per worker and interval from this controller. */
    private static final Sightings SIGHTINGS = new Sightings();

    /**
     * Notes that worker {@code name} was heard from (registering it if it never did), at most once every
     * {@link Sightings#INTERVAL} (it costs an update of the worker's row, which a busy worker would make for
     * every action). Call it last in a transaction: the worker row comes last in ick's lock order.
     */
    public void seen(String name) {
        requireName(name);
        Instant now = Instant.now();
        if (!SIGHTINGS.due(name, now)) {
            return;
        }
        // no flush first (a native statement would flush everything): the worker row is this statement's alone
        em.createNativeQuery("insert into ick.worker (name, labels, registered_at, last_seen) values (?1, '[]', ?2, ?2)"
                        + " on conflict (name) do update set last_seen = excluded.last_seen")
                .setParameter(1, name).setParameter(2, Timestamp.from(now))
                .setFlushMode(FlushModeType.COMMIT).executeUpdate();
    }

    public List<WorkerInfo> workers() {
        Map<String, String> current = currentActions();
        return em.createQuery("select w from Worker w order by w.name", Worker.class).getResultList().stream()
                .map(w -> w.toInfo(current.get(w.name()))).toList();
    }

    /** For each worker holding an action: {@code PROJECT/NUMBER action INDEX}. */
    private Map<String, String> currentActions() {
        List<Object[]> rows = em.createQuery("select a.worker, b.project.name, b.number, a.nodeIndex from BuildAction a"
                        + " join a.build b where a.state = :building order by a.id", Object[].class)
                .setParameter("building", ActionState.BUILDING).getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (String) r[0],
                r -> r[1] + "/" + r[2] + " action " + r[3], (first, second) -> first));
    }

    static void requireName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            throw new InvalidInputException("the token's subject is not usable as a worker name");
        }
    }
}

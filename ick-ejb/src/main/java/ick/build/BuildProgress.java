package ick.build;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What happens to a build's graph after some of its actions ended (a result, a lost worker, a time limit, a
 * cancel): the actions not started are skipped when the build fails fast, the actions whose needs are met
 * become ready, and when nothing is left the build's job is told to finish. Inside the caller's transaction,
 * which holds the build locked.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class BuildProgress {
    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    @Inject
    Event<ActionsReady> actionsReady;

    @Inject
    Event<GraphFinished> graphFinished;

    /**
     * Every action of {@code build} (which the caller holds locked), locked, in graph order. Without a flush
     * first: the rows are locked as they are, and the actions this transaction already holds come back as
     * they are in memory, changes included.
     */
    public List<BuildAction> lockActions(Build build) {
        return em.createQuery("select a from BuildAction a where a.build = :build order by a.nodeIndex", BuildAction.class)
                .setParameter("build", build).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setFlushMode(FlushModeType.COMMIT).getResultList();
    }

    /**
     * Moves the graph on.
     *
     * @param failFast skip every action not started yet (an action failed or timed out)
     */
    public void moveOn(Build build, List<BuildAction> all, boolean failFast) {
        Instant now = Instant.now();
        List<BuildAction> skipped = failFast ? BuildGraph.notStarted(all) : List.of();
        skipped.forEach(a -> a.skip(now));
        if (!skipped.isEmpty()) {
            log.line(build, "skipped action" + (skipped.size() == 1 ? " " : "s ") + indexes(skipped));
        }
        List<BuildAction> ready = BuildGraph.runnable(all);
        ready.forEach(BuildAction::markReady);
        if (!ready.isEmpty()) {
            actionsReady.fire(new ActionsReady(build.id()));
        }
        if (BuildGraph.finished(all)) {
            graphFinished.fire(new GraphFinished(build.id()));
        }
    }

    static String indexes(List<BuildAction> actions) {
        return actions.stream().map(a -> Integer.toString(a.index())).collect(Collectors.joining(", "));
    }
}

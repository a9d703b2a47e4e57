package ick.worker;

import ick.build.ActionsReady;
import ick.build.Build;
import ick.build.BuildAction;
import ick.build.BuildLog;
import ick.protocol.WorkItem;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The transactions of dispatch; {@link Dispatcher} strings them together. */
@Stateless
public class Claims {
    /**
     * The ready action of the oldest build (its first in graph order), locked; actions other transactions are
     * claiming are skipped, not waited for.
     */
    private static final String NEXT_READY = "select id from ick.build_action where state = 'ready'"
            + " order by build_id, action_index limit 1 for update skip locked";

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    @EJB
    WorkerService workers;

    @Inject
    Event<ActionsReady> actionsReady;

    /** Gives worker {@code worker} the next ready action, if there is one. Locks one action row only. */
    public Optional<WorkItem> claim(String worker) {
        List<?> ids = em.createNativeQuery(NEXT_READY).getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        BuildAction action = em.find(BuildAction.class, ((Number) ids.get(0)).longValue());
        action.assignTo(worker, Instant.now());
        workers.seen(worker);
        return Optional.of(action.toWorkItem());
    }

    /** Logs that {@code worker} started the action it claimed (a transaction of its own: it locks the build). */
    public void announce(WorkItem item, String worker) {
        Build build = log.lockBuild(buildOf(item.actionId()));
        if (build != null) {
            log.line(build, "action " + item.index() + " (" + kind(item) + ") started on " + worker);
        }
    }

    /** The worker's request was gone when its action was to be handed over: the action becomes ready again. */
    public void release(long actionId, String worker) {
        BuildAction action = em.find(BuildAction.class, actionId, LockModeType.PESSIMISTIC_WRITE);
        if (action == null || !action.isHeldBy(worker)) {
            return;
        }
        action.release();
        em.flush();
        Build build = log.lockBuild(action.buildId());
        log.line(build, "action " + action.index() + " was not taken up by " + worker + "; ready again");
        actionsReady.fire(new ActionsReady(action.buildId()));
    }

    private long buildOf(long actionId) {
        return em.find(BuildAction.class, actionId).buildId();
    }

    private static String kind(WorkItem item) {
        Object builtin = item.step().get("action");
        return builtin != null ? builtin.toString() : item.step().containsKey("python") ? "python" : "shell";
    }
}

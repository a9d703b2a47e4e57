package ick.worker;

import ick.blob.BlobPins;
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
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The transactions of dispatch; {@link Dispatcher} strings them together. */
@Stateless
public class Claims {
    /**
     * The ready action of the oldest build (its first in graph order) that {@code ?1} may run, locked; actions
     * other transactions are claiming are skipped, not waited for. The worker may run it when it has every
     * label the action needs, and, when the action must follow another one's worker (it needs the files that
     * worker holds), when it is that worker; and only when the action's trust ({@code ?2}) is the worker's: a
     * trusted worker runs trusted actions only, and no other worker ever gets one.
     */
    private static final String READY_FOR = "select a.id from ick.build_action a where a.state = 'ready'"
            + " and cast(a.labels as jsonb) <@ coalesce((select cast(w.labels as jsonb) from ick.worker w"
            + "   where w.name = ?1), cast('[]' as jsonb))"
            + " and (a.affinity is null or exists (select 1 from ick.build_action f where f.build_id = a.build_id"
            + "   and f.action_index = a.affinity and f.worker = ?1))"
            + " and a.trusted = ?2";
    private static final String FIRST_LOCKED = " order by a.build_id, a.action_index limit 1 for update of a skip locked";
    private static final String NEXT_READY = READY_FOR + FIRST_LOCKED;
    /** The same, among the actions of build {@code ?3} only. */
    private static final String NEXT_READY_IN_BUILD = READY_FOR + " and a.build_id = ?3" + FIRST_LOCKED;
    /** The most actions a work item may carry ahead of it. */
    public static final int MAX_AHEAD = 32;

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    @EJB
    WorkerService workers;

    @EJB
    BlobPins blobPins;

    @Inject
    Event<ActionsReady> actionsReady;

    /**
     * Gives worker {@code worker} the next ready action, if there is one. Locks one action row only.
     *
     * @param trusted whether the worker's token makes it a trusted worker ({@code ick.identity.Scopes#TRUSTED}):
     *                then it gets trusted actions only, else never one
     * @param ahead   up to how many actions ahead of it the work item lists ({@link WorkItem#ahead()})
     */
    public Optional<WorkItem> claim(String worker, boolean trusted, int ahead) {
        // every poll counts, an idle one too: an idle worker is online (Worker.ONLINE), and may hold a workspace
        workers.seen(worker);
        List<?> ids = em.createNativeQuery(NEXT_READY).setParameter(1, worker).setParameter(2, trusted)
                .getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        BuildAction action = em.find(BuildAction.class, ((Number) ids.get(0)).longValue());
        action.assignTo(worker, Instant.now(), LeaseSettings.lease());
        return Optional.of(withAhead(action, ahead));
    }

    /**
     * Inside a transaction that holds {@code build} and its actions locked (a result just moved its graph on):
     * gives {@code worker} the next action of that build that it may run, if one is ready, and logs that it
     * started. One transaction instead of three (result, claim, announce), and the lock order is kept: the
     * build and its action rows are already this transaction's, so nothing here waits for another one.
     */
    public Optional<WorkItem> claimIn(Build build, String worker, boolean trusted, int ahead) {
        List<?> ids = em.createNativeQuery(NEXT_READY_IN_BUILD).setParameter(1, worker).setParameter(2, trusted)
                .setParameter(3, build.id()).getResultList();
        return ids.isEmpty() ? Optional.empty() : Optional.of(take(build, ((Number) ids.get(0)).longValue(), worker, ahead));
    }

    /**
     * Gives {@code worker} an action it ran ahead (it was in a work item's {@link WorkItem#ahead()}, with
     * attempt {@code attempt}), as {@link #claimIn} would have handed it over with the result before it: true
     * if the worker now holds it in that attempt, given now or already before (a batch sent again: the action
     * may have ended since); false if it may not run it (cancelled, timed out, not the next of its chain).
     *
     * @param all     the actions of {@code build}, which the caller holds locked with the build
     * @param trusted whether the worker's token makes it a trusted worker (it gets trusted actions only)
     */
    public boolean giveAhead(Build build, List<BuildAction> all, long actionId, int attempt, String worker,
                             boolean trusted) {
        BuildAction action = all.stream().filter(a -> a.id() == actionId).findFirst().orElse(null);
        if (action == null) {
            return false;
        }
        if (action.wasGivenTo(worker, attempt)) {
            return true;
        }
        Integer previous = action.affinity();
        if (previous == null || previous < 0 || previous >= all.size() || action.trusted() != trusted
                || !action.mayBeGivenAheadTo(worker, attempt, all.get(previous))) {
            return false;
        }
        action.assignTo(worker, Instant.now(), LeaseSettings.lease());
        log.line(build, started(action.toWorkItem(), worker));
        return true;
    }

    /**
     * The action of {@code all} that {@code worker} holds, other than those in {@code reported}: one handed over
     * with results it reports again because their answer was lost. It is handed over again, as it was.
     */
    public Optional<WorkItem> heldBesides(List<BuildAction> all, Set<Long> reported, String worker,
                                          int ahead) {
        return all.stream().filter(a -> a.isHeldBy(worker) && !reported.contains(a.id())).findFirst()
                .map(a -> withAhead(a, ahead));
    }

    private WorkItem take(Build build, long actionId, String worker, int ahead) {
        BuildAction action = em.find(BuildAction.class, actionId);
        action.assignTo(worker, Instant.now(), LeaseSettings.lease());
        WorkItem item = withAhead(action, ahead);
        log.line(build, started(item, worker));
        return item;
    }

    /**
     * The work item of {@code first}, which {@code worker} now holds, with up to {@code max} actions ahead: each
     * the next of first's pipeline, blocked on the one before it only and bound to its worker (affinity), with
     * first's labels and trust. Nobody else can run them, and each becomes ready exactly when the one before
     * it succeeds: the worker may start it then without asking. The chain stops before a populate of a blob that
     * an action in it archives: that populate's pin, its own build's (BuildAction#handOn), is set only by the
     * archive's result, and a work item given out before would carry the name's pin among builds, or none. An
     * archive of that name elsewhere in the build that the populate waits for has succeeded already (each action
     * of the chain waits for the one before it alone, so the populate waits only for the chain and for first's
     * needs); one it does not wait for is not ordered with it anyway.
     */
    private WorkItem withAhead(BuildAction first, int max) {
        WorkItem item = first.toWorkItem(first.attempt(), blobPins::sha256Of);
        if (max <= 0) {
            return item;
        }
        List<BuildAction> later = em.createQuery("select a from BuildAction a where a.build = :build"
                        + " and a.nodeIndex > :index order by a.nodeIndex", BuildAction.class)
                .setParameter("build", first.build()).setParameter("index", first.index())
                .setFlushMode(FlushModeType.COMMIT).setMaxResults(Math.min(max, MAX_AHEAD))
                .getResultList();
        List<WorkItem> ahead = new ArrayList<>();
        List<BuildAction> chain = new ArrayList<>(List.of(first));
        for (BuildAction next : later) {
            if (!next.runsRightAfter(chain.get(chain.size() - 1)) || next.readsHandOffOf(chain)) {
                break;
            }
            ahead.add(next.toWorkItem(next.attempt() + 1, blobPins::sha256Of));
            chain.add(next);
        }
        return item.withAhead(ahead);
    }

    /** Logs that {@code worker} started the action it claimed (a transaction of its own: it locks the build). */
    public void announce(WorkItem item, String worker) {
        Build build = log.lockBuild(buildOf(item.actionId()));
        if (build != null) {
            log.line(build, started(item, worker));
        }
    }

    private static String started(WorkItem item, String worker) {
        return "action " + item.index() + " (" + kind(item) + ") started on " + worker
                + (item.attempt() > 1 ? " (attempt " + item.attempt() + ")" : "");
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

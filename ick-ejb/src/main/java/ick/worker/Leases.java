package ick.worker;

import ick.build.Build;
import ick.build.BuildAction;
import ick.build.BuildLog;
import ick.build.BuildProgress;
import ick.build.ActionsReady;
import ick.protocol.ActionState;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Taking an action from a worker that went silent: when its lease expired (no heartbeat, output or result
 * for a lease length) the action fails with "worker lost" in the log, or, when its step says {@code retry: N}
 * and attempts are left, becomes ready for another worker (its attempt number grows, so the lost worker's
 * late reports are refused). A worker that registers has just started, and holds nothing: what it held before
 * (it was killed, or stopped before it read the answer that gave it an action) is taken from it the same way,
 * at once. Each method is one transaction; several controllers may sweep at once.
 */
@Stateless
public class Leases {
    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    @EJB
    BuildProgress progress;

    @Inject
    Event<ActionsReady> actionsReady;

    /** Building actions whose lease ran out. */
    public List<Long> expired() {
        return em.createQuery("select a.id from BuildAction a where a.state = :building and a.leaseUntil < :now"
                        + " order by a.id", Long.class)
                .setParameter("building", ActionState.BUILDING).setParameter("now", Instant.now()).getResultList();
    }

    /** Takes action {@code actionId} from its worker if its lease is still expired. */
    public void expire(long actionId) {
        take(actionId, (action, now) -> action.leaseExpired(now),
                worker -> "worker lost: " + worker + " was not heard from for " + LeaseSettings.lease().toSeconds() + " s");
    }

    /** The building actions that {@code worker} was given before {@code registeredAt}, when it registered. */
    public List<Long> heldBefore(String worker, Instant registeredAt) {
        return em.createQuery("select a.id from BuildAction a where a.state = :building and a.worker = :worker"
                        + " and a.startedAt < :since order by a.id", Long.class)
                .setParameter("building", ActionState.BUILDING).setParameter("worker", worker)
                .setParameter("since", registeredAt).getResultList();
    }

    /** Takes action {@code actionId} from {@code worker}, which registered at {@code registeredAt}, if it still holds it. */
    public void restarted(long actionId, String worker, Instant registeredAt) {
        take(actionId, (action, now) -> action.heldBy(worker, registeredAt),
                w -> "worker lost: " + w + " started again (it registered) while it held this action");
    }

    /**
     * Ready actions that only the worker holding their build's workspace may run (affinity), when that worker was
     * last seen before {@code since}: nothing else takes them, since no lease of theirs runs.
     */
    public List<Long> waitingForHolderUnseenSince(Instant since) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("select a.id from ick.build_action a"
                        + " join ick.build_action f on f.build_id = a.build_id and f.action_index = a.affinity"
                        + " left join ick.worker w on w.name = f.worker"
                        + " where a.state = 'ready' and f.worker is not null and (w.name is null or w.last_seen < ?1)"
                        + " order by a.id")
                .setParameter(1, java.sql.Timestamp.from(since)).getResultList();
        return ids.stream().map(Number::longValue).toList();
    }

    /** Fails ready action {@code actionId} if the worker holding its workspace is still unseen since {@code since}. */
    public void holderUnseen(long actionId, Instant since) {
        BuildAction found = em.find(BuildAction.class, actionId);
        if (found == null) {
            return;
        }
        Build build = log.lockBuild(found.buildId());
        List<BuildAction> all = progress.lockActions(build);
        BuildAction action = all.stream().filter(a -> a.id() == actionId).findFirst().orElseThrow();
        String holder = all.stream().filter(a -> action.affinity() != null && a.index() == action.affinity())
                .map(BuildAction::worker).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (action.state() != ActionState.READY || holder == null || seenSince(holder, since)) {
            return; // taken, or the holder came back, meanwhile
        }
        action.holderLost(Instant.now());
        log.line(build, "action " + action.index() + " failed: worker lost: " + holder + ", which holds the build's"
                + " workspace, was not seen for " + LeaseSettings.workspaceHolder().toSeconds() + " s; the action"
                + " cannot run elsewhere");
        progress.moveOn(build, all, true);
    }

    private boolean seenSince(String worker, Instant since) {
        return !em.createQuery("select w.name from Worker w where w.name = :name and w.lastSeen >= :since", String.class)
                .setParameter("name", worker).setParameter("since", since).getResultList().isEmpty();
    }

    /** Takes action {@code actionId} from its worker if {@code still} holds, the reason being {@code why(worker)}. */
    private void take(long actionId, BiPredicate<BuildAction, Instant> still, Function<String, String> why) {
        BuildAction found = em.find(BuildAction.class, actionId);
        if (found == null) {
            return;
        }
        Build build = log.lockBuild(found.buildId());
        List<BuildAction> all = progress.lockActions(build);
        Instant now = Instant.now();
        BuildAction action = all.stream().filter(a -> a.id() == actionId).findFirst().orElseThrow();
        if (!still.test(action, now)) {
            return; // renewed, ended or taken meanwhile
        }
        String worker = action.worker();
        String silent = why.apply(worker);
        // An action that must run where the files are (a shared pipeline's) cannot run again when they were on
        // the lost worker: given out again, it would wait for that worker for ever and the build never ends.
        boolean filesLost = action.affinity() != null && all.stream()
                .anyMatch(a -> a.index() == action.affinity() && worker.equals(a.worker()));
        if (action.mayRetry() && !filesLost) {
            action.requeue();
            log.line(build, "action " + action.index() + ": " + silent + "; it runs again (retry "
                    + action.attempt() + ")");
            actionsReady.fire(new ActionsReady(build.id()));
            return;
        }
        action.lose(now);
        log.line(build, "action " + action.index() + " failed: " + silent + (action.mayRetry()
                ? "; not run again: it needs the build's workspace, which was on that worker" : ""));
        progress.moveOn(build, all, true);
    }

    /** For tests and operators: the lease length in force. */
    public Duration lease() {
        return LeaseSettings.lease();
    }
}

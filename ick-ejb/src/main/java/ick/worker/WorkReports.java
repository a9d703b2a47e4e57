package ick.worker;

import ick.blob.BlobPins;
import ick.build.Build;
import ick.build.BuildAction;
import ick.build.BuildLog;
import ick.build.BuildProgress;
import ick.problem.ConflictException;
import ick.problem.InvalidInputException;
import ick.protocol.ActionResult;
import ick.protocol.ActionState;
import ick.protocol.HeartbeatReply;
import ick.protocol.OutputChunk;
import ick.protocol.ResultBatch;
import ick.protocol.WorkItem;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a worker reports on the action it holds: heartbeats, output chunks and the result. Only the holder's
 * reports count, and only for its current attempt (fencing: {@code attempt} 0 means the report names none);
 * anything else is a conflict and changes nothing. A heartbeat or a chunk renews the action's lease. An action
 * cancelled or timed out under its worker answers that worker's heartbeat with the news, refuses its output,
 * and takes its result as the word that it stopped. Output and result lock the build first (lock order:
 * build, actions, worker); a heartbeat locks only the action (and then the worker).
 */
@Stateless
public class WorkReports {
    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    @EJB
    BuildProgress progress;

    @EJB
    WorkerService workers;

    @EJB
    Claims claims;

    @EJB
    BlobPins blobPins;

    /** Stores a chunk of output (once per seq). */
    public void output(String worker, long actionId, OutputChunk chunk) {
        output(worker, actionId, 0, chunk);
    }

    /** Stores a chunk of output (once per seq) and renews the lease. */
    public void output(String worker, long actionId, int attempt, OutputChunk chunk) {
        requireValid(chunk);
        Locked locked = lockHeld(worker, actionId);
        if (!locked.action().isHeldBy(worker, attempt)) {
            throw notHeld(worker, attempt, locked.action());
        }
        locked.action().renew(Instant.now(), LeaseSettings.lease());
        log.output(locked.build(), locked.action(), chunk.seq(), chunk.data());
        workers.seen(worker);
    }

    private static void requireValid(OutputChunk chunk) {
        if (chunk == null || chunk.seq() < 0 || chunk.seq() > BuildLog.MAX_SEQ || chunk.data() == null) {
            throw new InvalidInputException("an output chunk needs a seq from 0 to " + BuildLog.MAX_SEQ + " and data");
        }
    }

    /**
     * The holder is alive: renews its lease and says whether to go on ({@code building}) or stop
     * ({@code cancelled}, {@code timed-out}); a conflict if the caller does not hold the action.
     */
    public HeartbeatReply heartbeat(String worker, long actionId, int attempt) {
        BuildAction action = em.find(BuildAction.class, actionId, LockModeType.PESSIMISTIC_WRITE);
        if (action == null) {
            throw new ConflictException("worker " + worker + " does not hold action " + actionId + ": there is none");
        }
        if (action.wasStoppedUnder(worker, attempt)) {
            workers.seen(worker);
            return new HeartbeatReply(action.state(), action.state() == ActionState.CANCELLED
                    ? "the build was cancelled: stop the action" : "the action ran out of time: stop it");
        }
        if (!action.isHeldBy(worker, attempt)) {
            throw notHeld(worker, attempt, action);
        }
        action.renew(Instant.now(), LeaseSettings.lease());
        workers.seen(worker);
        return new HeartbeatReply(ActionState.BUILDING, null);
    }

    public void result(String worker, long actionId, ActionResult result) {
        result(worker, actionId, 0, result);
    }

    /**
     * Finishes the action: on exit 0 the actions that needed it may become ready; otherwise the actions not
     * started are skipped. When no action is left, the build's job is told to finish. A repeat of the result
     * that finished the action is accepted and changes nothing; so is the result of an action its worker was
     * told to stop (it is only logged).
     */
    public void result(String worker, long actionId, int attempt, ActionResult result) {
        finish(worker, actionId, attempt, result);
        workers.seen(worker);
    }

    /**
     * {@link #result}, and in the same transaction the caller's next action if its build has one ready that
     * the caller may run (it is then held by the caller and logged as started): a worker going from one action
     * of a build to the next costs one call and one transaction. Empty when that build has none for it; the
     * caller then looks further (another build's action: {@link Dispatcher#next}).
     *
     * @param trusted whether the caller's token makes it a trusted worker
     * @param ahead   up to how many actions ahead of the next one its work item lists
     */
    public Optional<WorkItem> resultAndNext(String worker, boolean trusted, long actionId, int attempt,
                                            ActionResult result, int ahead) {
        Build build = finish(worker, actionId, attempt, result);
        Optional<WorkItem> next = build != null ? claims.claimIn(build, worker, trusted, ahead)
                : handedOverBefore(worker, actionId, result, ahead);
        workers.seen(worker);
        return next;
    }

    /**
     * For a result sent again (its answer was lost): the action handed over with it the first time, which the
     * worker never learnt it holds. Empty if the result is not a repeat or none was handed over.
     */
    private Optional<WorkItem> handedOverBefore(String worker, long actionId, ActionResult result, int ahead) {
        BuildAction action = em.find(BuildAction.class, actionId); // its build is locked by finish
        if (action == null || !action.wasFinishedBy(worker, result.exitCode())) {
            return Optional.empty();
        }
        return claims.heldBesides(progress.lockActions(action.build()), Set.of(actionId), worker, ahead);
    }

    /** The most results one batch may carry. */
    public static final int MAX_BATCH = 1 + Claims.MAX_AHEAD;

    /**
     * What became of a {@link ResultBatch}.
     *
     * @param next the caller's next action of the same build, when it asked and all was taken
     */
    public record BatchOutcome(int accepted, Long refused, String reason, Optional<WorkItem> next) {
        public boolean allTaken() {
            return refused == null;
        }
    }

    /**
     * Takes the results of actions that {@code worker} ran one after another, in one transaction: each after
     * the first is given to the worker first, as if handed over with the result before it, and so is the
     * action running ahead, if the batch names one (it may come alone, its predecessor's result sent before).
     * The first result must be of an action the worker holds or may be given so (else a conflict, and nothing
     * changes); a later one that may no longer be given
     * (cancelled, timed out) ends the batch there: the results before it stay taken, it and the rest are not.
     *
     * @param next  with everything taken and no action running ahead: give the caller its next action of the
     *              same build, if one is ready (with up to {@code ahead} actions ahead of it)
     */
    public BatchOutcome results(String worker, boolean trusted, ResultBatch batch, boolean next, int ahead) {
        List<ResultBatch.Reported> results = batch.results();
        if (results == null || results.size() > MAX_BATCH || (results.isEmpty() && batch.running() == null)) {
            throw new InvalidInputException("a batch holds from 1 to " + MAX_BATCH
                    + " results, or none and the action running ahead");
        }
        for (ResultBatch.Reported reported : results) { // nothing is stored unless all are valid
            if (reported == null || reported.result() == null) {
                throw new InvalidInputException("each result of a batch needs actionId, attempt and result");
            }
            if (reported.result().output() != null) {
                reported.result().output().forEach(WorkReports::requireValid);
            }
        }
        long first = results.isEmpty() ? batch.running().actionId() : results.get(0).actionId();
        BuildAction firstAction = em.find(BuildAction.class, first);
        if (firstAction == null) {
            if (results.isEmpty()) {
                return new BatchOutcome(0, first, whyNotGiven(first), Optional.empty());
            }
            throw new ConflictException("worker " + worker + " does not hold action " + first + ": there is none");
        }
        // One lock of the build and its actions for the whole batch: every action in it is of that build.
        Build build = log.lockBuild(firstAction.buildId());
        em.refresh(firstAction, LockModeType.PESSIMISTIC_WRITE); // as it is now that its build is locked
        List<BuildAction> all = progress.lockActions(build);
        boolean anyNew = false;
        for (int i = 0; i < results.size(); i++) {
            ResultBatch.Reported reported = results.get(i);
            // the first may be run ahead too, if the call that named it was not made before it ended
            boolean given = claims.giveAhead(build, all, reported.actionId(), reported.attempt(), worker, trusted);
            if (!given && i > 0) {
                workers.seen(worker);
                return new BatchOutcome(i, reported.actionId(), whyNotGiven(reported.actionId()), Optional.empty());
            }
            BuildAction action = i == 0 ? firstAction : all.stream().filter(a -> a.id() == reported.actionId())
                    .findFirst().orElseThrow();
            anyNew |= !action.wasFinishedBy(worker, reported.result().exitCode());
            finish(worker, build, action, all, reported.attempt(), reported.result());
        }
        workers.seen(worker);
        ResultBatch.Started running = batch.running();
        if (running != null) {
            return claims.giveAhead(build, all, running.actionId(), running.attempt(), worker, trusted)
                    ? new BatchOutcome(results.size(), null, null, Optional.empty())
                    : new BatchOutcome(results.size(), running.actionId(), whyNotGiven(running.actionId()), Optional.empty());
        }
        if (!next) {
            return new BatchOutcome(results.size(), null, null, Optional.empty());
        }
        // a batch sent again (its answer was lost) gets the action handed over the first time
        Optional<WorkItem> following = anyNew ? claims.claimIn(build, worker, trusted, ahead)
                : claims.heldBesides(all, results.stream().map(ResultBatch.Reported::actionId).collect(Collectors.toSet()),
                        worker, ahead);
        return new BatchOutcome(results.size(), null, null, following);
    }

    private String whyNotGiven(long actionId) {
        BuildAction action = em.find(BuildAction.class, actionId);
        return action == null ? "there is no action " + actionId
                : "action " + action.index() + " of build " + action.build().name() + " is " + action.state().json()
                + (action.worker() == null ? "" : " (worker " + action.worker() + ", attempt " + action.attempt() + ")");
    }

    /** The result's work; the build, locked with its actions, when the graph moved on (else null). */
    private Build finish(String worker, long actionId, int attempt, ActionResult result) {
        if (result.output() != null) {
            result.output().forEach(WorkReports::requireValid); // nothing is stored unless all are valid
        }
        Locked locked = lockHeld(worker, actionId);
        return finish(worker, locked.build(), locked.action(), null, attempt, result);
    }

    /**
     * {@link #finish(String, long, int, ActionResult)} of {@code action}, with its build locked (and its actions,
     * {@code all}, or null to lock them here when needed).
     */
    private Build finish(String worker, Build build, BuildAction action, List<BuildAction> all, int attempt,
                         ActionResult result) {
        if (action.wasFinishedBy(worker, result.exitCode())) {
            return null;
        }
        if (action.wasStoppedUnder(worker, attempt)) {
            log.line(build, "action " + action.index() + " (" + action.state().json() + ") stopped on " + worker
                    + ", exit code " + result.exitCode()
                    + (result.message() == null || result.message().isBlank() ? "" : ": " + result.message().strip()));
            return null;
        }
        if (!action.isHeldBy(worker, attempt)) {
            throw notHeld(worker, attempt, action);
        }
        storeOutput(build, action, result);
        action.finish(result.exitCode(), Instant.now());
        List<BuildAction> locked = all != null ? all : progress.lockActions(build);
        if (result.message() != null && !result.message().isBlank()) {
            log.line(build, "action " + action.index() + ": " + result.message().strip());
        }
        log.line(build, "action " + action.index() + " exited with code " + result.exitCode());
        if (result.exitCode() == 0) {
            pinStored(build, action, result, locked);
        }
        progress.moveOn(build, locked, result.exitCode() != 0);
        return build;
    }

    /**
     * What a successful action stored and vouches for is pinned for those that read it: a deb action's upload for
     * its build's publish_debs, the reused workspace's archive for the project's next build, and a blob handed on
     * by name (a system tree, a named workspace) for its own build's populates of that name not yet given out and
     * for whichever other build populates it next. The build's own pin is what makes another build's archive of
     * the same name, made in between, fail that populate rather than be used.
     */
    private void pinStored(Build build, BuildAction action, ActionResult result, List<BuildAction> all) {
        if (result.stored() == null) {
            return;
        }
        Map<String, String> vouched = action.vouchedFor(result.stored());
        if (!vouched.isEmpty()) {
            all.stream().filter(a -> a.readsDebs() && a.mayTakePins()).forEach(a -> a.pin(vouched));
        }
        action.archivedReusedWorkspace(result.stored()).ifPresent(build.project()::archivedWorkspace);
        action.handOn(result.stored(), all).forEach((name, sha256) -> blobPins.storedBy(build.id(), name, sha256));
    }

    /**
     * The last output that came with the result: stored first, as output calls would store it (a stopped
     * action's output is refused, and so it is here).
     */
    private void storeOutput(Build build, BuildAction action, ActionResult result) {
        if (result.output() != null && action.state() == ActionState.BUILDING) {
            result.output().forEach(chunk -> log.output(build, action, chunk.seq(), chunk.data()));
        }
    }

    private record Locked(Build build, BuildAction action) {
    }

    /** The action and its build, both locked (build first); a conflict if the action does not exist. */
    private Locked lockHeld(String worker, long actionId) {
        BuildAction action = em.find(BuildAction.class, actionId);
        if (action == null) {
            throw new ConflictException("worker " + worker + " does not hold action " + actionId + ": there is none");
        }
        Build build = log.lockBuild(action.buildId());
        em.refresh(action, LockModeType.PESSIMISTIC_WRITE);
        return new Locked(build, action);
    }

    private static ConflictException notHeld(String worker, int attempt, BuildAction action) {
        String why = action.state() == ActionState.CANCELLED ? "; it was cancelled: stop it"
                : action.state() == ActionState.TIMED_OUT ? "; it timed out: stop it"
                : action.state() == ActionState.BUILDING && attempt != 0 && attempt != action.attempt()
                        ? "; it was given out again (attempt " + action.attempt() + ", yours was " + attempt + "): stop it"
                        : "";
        return new ConflictException("worker " + worker + " does not hold action " + action.id() + " (action "
                + action.index() + " of build " + action.build().name() + ", " + action.state().json()
                + (action.worker() == null ? "" : ", worker " + action.worker())
                + ", attempt " + action.attempt() + ")" + why);
    }
}

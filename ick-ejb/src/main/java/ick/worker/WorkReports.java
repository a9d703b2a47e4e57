package ick.worker;

import ick.build.ActionsReady;
import ick.build.Build;
import ick.build.BuildAction;
import ick.build.BuildGraph;
import ick.build.BuildLog;
import ick.build.GraphFinished;
import ick.problem.ConflictException;
import ick.problem.InvalidInputException;
import ick.protocol.ActionResult;
import ick.protocol.OutputChunk;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a worker reports on the action it holds: output chunks and the result. Only the holder's reports count;
 * anything else is a conflict and changes nothing. Each report locks the build first (lock order: build,
 * actions, worker).
 */
@Stateless
public class WorkReports {
    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    @EJB
    WorkerService workers;

    @Inject
    Event<ActionsReady> actionsReady;

    @Inject
    Event<GraphFinished> graphFinished;

    /** Stores a chunk of output (once per seq). */
    public void output(String worker, long actionId, OutputChunk chunk) {
        if (chunk.seq() < 0 || chunk.data() == null) {
            throw new InvalidInputException("an output chunk needs a seq of 0 or more and data");
        }
        Locked locked = lockHeld(worker, actionId);
        if (!locked.action().isHeldBy(worker)) {
            throw notHeld(worker, locked.action());
        }
        log.output(locked.build(), locked.action(), chunk.seq(), chunk.data());
        workers.seen(worker);
    }

    /**
     * Finishes the action: on exit 0 the actions that needed it become ready; otherwise the actions not started
     * are skipped. When no action is left, the build's job is told to finish. A repeat of the result that
     * finished the action is accepted and changes nothing.
     */
    public void result(String worker, long actionId, ActionResult result) {
        Locked locked = lockHeld(worker, actionId);
        BuildAction action = locked.action();
        if (action.wasFinishedBy(worker, result.exitCode())) {
            return;
        }
        if (!action.isHeldBy(worker)) {
            throw notHeld(worker, action);
        }
        Instant now = Instant.now();
        action.finish(result.exitCode(), now);
        List<BuildAction> all = em.createQuery(
                        "select a from BuildAction a where a.build = :build order by a.nodeIndex", BuildAction.class)
                .setParameter("build", locked.build()).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        List<BuildAction> skipped = result.exitCode() == 0 ? List.of() : BuildGraph.notStarted(all);
        skipped.forEach(a -> a.skip(now));
        List<BuildAction> ready = BuildGraph.runnable(all);
        ready.forEach(BuildAction::markReady);

        Build build = locked.build();
        if (result.message() != null && !result.message().isBlank()) {
            log.line(build, "action " + action.index() + ": " + result.message().strip());
        }
        log.line(build, "action " + action.index() + " exited with code " + result.exitCode());
        if (!skipped.isEmpty()) {
            log.line(build, "skipped action" + (skipped.size() == 1 ? " " : "s ")
                    + skipped.stream().map(a -> Integer.toString(a.index())).collect(Collectors.joining(", ")));
        }
        workers.seen(worker);
        if (!ready.isEmpty()) {
            actionsReady.fire(new ActionsReady(build.id()));
        }
        if (BuildGraph.finished(all)) {
            graphFinished.fire(new GraphFinished(build.id()));
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

    private static ConflictException notHeld(String worker, BuildAction action) {
        return new ConflictException("worker " + worker + " does not hold action " + action.id() + " (action "
                + action.index() + " of build " + action.build().name() + ", " + action.state().json()
                + (action.worker() == null ? "" : ", worker " + action.worker()) + ")");
    }
}

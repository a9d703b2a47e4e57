package ick.build;

import ick.problem.ConflictException;
import ick.problem.NoSuchItemException;
import ick.project.Names;
import ick.protocol.ActionState;
import ick.protocol.BuildInfo;
import ick.protocol.BuildState;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * Stopping builds and actions before they end by themselves: cancel on request, and time limits (an
 * action's own {@code timeout}, a project's for the whole build). A running action only changes state here;
 * its worker learns it from its next heartbeat (within a second or two), stops the action's processes and
 * reports. Each method is one transaction, locking the build first.
 */
@Stateless
public class BuildStops {
    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    @EJB
    BuildProgress progress;

    @EJB
    BuildEnds ends;

    /** Cancels build {@code project/number} for {@code who}; a conflict if it already ended. */
    public BuildInfo cancel(String project, long number, String who) {
        Long id = em.createQuery("select b.id from Build b where b.project.name = :project and b.number = :number",
                        Long.class)
                .setParameter("project", project).setParameter("number", number)
                .getResultStream().findFirst()
                .orElseThrow(() -> new NoSuchItemException("no build " + Names.quote(project + "/" + number)));
        Build build = log.lockBuild(id);
        if (build.state().isFinished()) {
            throw new ConflictException("build " + build.name() + " has already ended: it is " + build.state().json());
        }
        Instant now = Instant.now();
        log.line(build, "build " + build.name() + " cancelled by " + who);
        if (build.state() == BuildState.TRIGGERED) {
            // No graph yet: its job finds the build ended and stops.
            ends.end(build, BuildState.CANCELLED, null);
            return build.toInfo();
        }
        List<BuildAction> all = progress.lockActions(build);
        for (BuildAction action : all) {
            if (action.state() == ActionState.BUILDING) {
                action.cancel(now);
                log.line(build, "action " + action.index() + " cancelled: worker " + action.worker()
                        + " is told to stop its processes");
            }
        }
        List<BuildAction> waiting = BuildGraph.notStarted(all);
        waiting.forEach(a -> a.cancel(now));
        if (!waiting.isEmpty()) {
            log.line(build, "cancelled action" + (waiting.size() == 1 ? " " : "s ")
                    + BuildProgress.indexes(waiting) + " (not started)");
        }
        progress.moveOn(build, all, false);
        return build.toInfo();
    }

    /** Building actions past their own deadline, and building builds past theirs: their ids. */
    public record Overdue(List<Long> actions, List<Long> builds) {
    }

    public Overdue overdue() {
        Instant now = Instant.now();
        List<Long> actions = em.createQuery("select a.id from BuildAction a where a.state = :building"
                        + " and a.deadline < :now order by a.id", Long.class)
                .setParameter("building", ActionState.BUILDING).setParameter("now", now).getResultList();
        List<Long> builds = em.createQuery("select b.id from Build b where b.state = :building and b.deadline < :now"
                        + " order by b.id", Long.class)
                .setParameter("building", BuildState.BUILDING).setParameter("now", now).getResultList();
        return new Overdue(actions, builds);
    }

    /** Times out action {@code actionId} if it is still building past its deadline; the build fails fast. */
    public void timeOutAction(long actionId) {
        BuildAction found = em.find(BuildAction.class, actionId);
        if (found == null) {
            return;
        }
        Build build = log.lockBuild(found.buildId());
        List<BuildAction> all = progress.lockActions(build);
        Instant now = Instant.now();
        BuildAction action = all.stream().filter(a -> a.id() == actionId).findFirst().orElseThrow();
        if (!action.pastDeadline(now)) {
            return; // ended meanwhile (or another controller got there first)
        }
        action.timeOut(now);
        log.line(build, "action " + action.index() + " timed out after its limit of "
                + action.step().get("timeout") + ": worker " + action.worker() + " is told to stop its processes");
        progress.moveOn(build, all, true);
    }

    /** Times out build {@code buildId} if it is still building past its deadline. */
    public void timeOutBuild(long buildId) {
        Build build = log.lockBuild(buildId);
        Instant now = Instant.now();
        if (build == null || !build.pastDeadline(now)) {
            return;
        }
        List<BuildAction> all = progress.lockActions(build);
        log.line(build, "build " + build.name() + " ran out of time (the project's timeout)");
        for (BuildAction action : all) {
            if (action.state() == ActionState.BUILDING) {
                action.timeOut(now);
                log.line(build, "action " + action.index() + " timed out: worker " + action.worker()
                        + " is told to stop its processes");
            }
        }
        if (all.stream().noneMatch(a -> a.state() == ActionState.TIMED_OUT)) {
            // Nothing was running (e.g. waiting for a worker): the first waiting action stands for the build.
            BuildGraph.notStarted(all).stream().findFirst().ifPresent(a -> a.timeOut(now));
        }
        progress.moveOn(build, all, true);
    }
}

package ick.build;

import ick.problem.NoSuchItemException;
import ick.project.ProjectService;
import ick.protocol.ActionState;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectSpec;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two steps of a build's batch job, each one transaction and each safe to run again: the job repository
 * and ick's tables are written in separate transactions, so a step may be repeated after a crash.
 */
@Stateless
public class BuildRunner {
    /** Exit status of {@code expand}: the graph is waiting for workers; the job stops, to restart at finish. */
    public static final String EXPANDED = "EXPANDED";
    /** Exit status of {@code expand}: nothing is left to run (every action finished, or no graph could be made). */
    public static final String FINISHED = "FINISHED";
    /** Exit status of {@code expand}: the build no longer exists (its project was deleted). */
    public static final String GONE = "GONE";

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    @EJB
    ProjectService projects;

    @Inject
    Event<ActionsReady> actionsReady;

    @Inject
    Event<BuildStarted> buildStarted;

    @EJB
    BuildEnds ends;

    /** Step {@code expand}: makes the build graph (once), makes its first actions ready and starts the build. */
    public String expand(long buildId) {
        return expand(buildId, true);
    }

    /**
     * At the trigger, in a transaction of its own after the build's: makes the graph now, so that its first
     * actions are ready before the batch runtime has even started the build's job (whose step expand then
     * finds it made). A graph that cannot be made is left to that step, which says why in the log.
     */
    public void expandAtTrigger(long buildId) {
        expand(buildId, false);
    }

    private String expand(long buildId, boolean sayWhyNot) {
        Build build = log.lockBuild(buildId);
        if (build == null) {
            return GONE;
        }
        List<BuildAction> actions = actionsOf(build);
        if (build.state().isFinished()) {
            return FINISHED;
        }
        if (!actions.isEmpty()) {
            // Already expanded (this step is running again): the graph moves on by itself.
            return BuildGraph.finished(actions) ? FINISHED : EXPANDED;
        }
        List<BuildGraph.PlannedAction> graph;
        try {
            ProjectSpec project = build.project().toSpec();
            List<PipelineSpec> pipelines = projects.pipelinesOf(project);
            graph = BuildGraph.expand(project, pipelines, build.parameters());
        } catch (NoSuchItemException | IllegalArgumentException e) {
            if (sayWhyNot) {
                log.line(build, "cannot make the build graph: " + e.getMessage().replace("\n", "; "));
            }
            return FINISHED;
        }
        for (BuildGraph.PlannedAction planned : graph) {
            BuildAction action = new BuildAction(build, planned);
            em.persist(action);
            actions.add(action);
        }
        BuildGraph.runnable(actions).forEach(BuildAction::markReady);
        build.start(Instant.now(), timeoutSeconds(build));
        log.line(build, "build " + build.name() + " started: " + actions.size() + " action"
                + (actions.size() == 1 ? "" : "s"));
        buildStarted.fire(new BuildStarted(buildId, actionsByNeed(graph)));
        actionsReady.fire(new ActionsReady(buildId));
        return EXPANDED;
    }

    /** Step {@code finish}: settles the build's state once every action is finished, and tells who listens. */
    public void finish(long buildId) {
        Build build = log.lockBuild(buildId);
        if (build == null || build.state().isFinished()) {
            return;
        }
        List<BuildAction> actions = actionsOf(build);
        if (!BuildGraph.finished(actions)) {
            throw new IllegalStateException("build " + build.name() + " has actions not finished");
        }
        Integer exitCode = actions.stream().filter(a -> a.state() == ActionState.FAILED)
                .map(BuildAction::exitCode).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        ends.end(build, BuildGraph.outcome(actions), exitCode);
    }

    /** The indexes of the actions that need labels or a trusted worker, by that need (labels sorted: one key). */
    private static Map<BuildStarted.WorkerNeed, List<Integer>> actionsByNeed(List<BuildGraph.PlannedAction> graph) {
        Map<BuildStarted.WorkerNeed, List<Integer>> byNeed = new LinkedHashMap<>();
        for (BuildGraph.PlannedAction planned : graph) {
            List<String> labels = planned.labels() == null ? List.of()
                    : planned.labels().stream().sorted().distinct().toList();
            if (!labels.isEmpty() || planned.trusted()) {
                byNeed.computeIfAbsent(new BuildStarted.WorkerNeed(labels, planned.trusted()), n -> new ArrayList<>())
                        .add(planned.index());
            }
        }
        return byNeed;
    }

    /** The project's time limit for the whole build (0: none); one that no longer reads is no limit. */
    private long timeoutSeconds(Build build) {
        try {
            return build.project().toSpec().timeoutSeconds();
        } catch (IllegalArgumentException e) {
            log.line(build, "the project's timeout is ignored: " + e.getMessage());
            return 0;
        }
    }

    private List<BuildAction> actionsOf(Build build) {
        return em.createQuery("select a from BuildAction a where a.build = :build order by a.nodeIndex",
                BuildAction.class).setParameter("build", build).getResultList();
    }
}

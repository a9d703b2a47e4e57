package ick.build;

import ick.problem.InvalidInputException;
import ick.problem.NoSuchItemException;
import ick.project.Names;
import ick.project.Project;
import ick.protocol.ActionInfo;
import ick.protocol.ActionState;
import ick.protocol.BuildInfo;
import ick.protocol.BuildState;
import ick.protocol.ProjectStatus;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Making builds and answering questions about them. Each method is one transaction. */
@Stateless
public class BuildService {
    public static final int MAX_LIST = 1000;

    @PersistenceContext(unitName = "ick")
    EntityManager em;

    @EJB
    BuildLog log;

    /** A new build, as stored, and its database id (for the batch job). */
    public record Triggered(long buildId, BuildInfo info) {
    }

    /** Where a build's batch job stands in ick's tables. */
    public record JobRef(boolean buildFinished, Long executionId) {
    }

    /** Makes build number N+1 of {@code projectName}, state triggered; its job is started after this commits. */
    public Triggered create(String projectName) {
        return create(projectName, Map.of());
    }

    /**
     * Makes build number N+1 of {@code projectName} with the values {@code given} for some of the project's
     * parameters (replacing the project's for this build), state triggered; its job is started after this
     * commits.
     *
     * @throws InvalidInputException if a name is not one of the project's parameters (nothing is made)
     */
    public Triggered create(String projectName, Map<String, Object> given) {
        Project project = em.createQuery("select p from Project p where p.name = :name", Project.class)
                .setParameter("name", projectName).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst()
                .orElseThrow(() -> new NoSuchItemException("no project " + Names.quote(projectName)));
        List<String> faults = TriggerParameters.faults(project.toSpec(), given);
        if (!faults.isEmpty()) {
            throw new InvalidInputException("cannot trigger a build of " + Names.quote(projectName) + ": "
                    + String.join("; ", faults), faults);
        }
        Build build = new Build(project, Instant.now(), given);
        em.persist(build);
        em.flush();
        log.line(build, "build " + build.name() + " triggered");
        return new Triggered(build.id(), build.toInfo());
    }

    public void recordJobExecution(long buildId, long executionId) {
        Build build = log.lockBuild(buildId);
        if (build != null) {
            build.recordJobExecution(executionId);
        }
    }

    public JobRef jobOf(long buildId) {
        Build build = em.find(Build.class, buildId);
        return build == null ? new JobRef(true, null) : new JobRef(build.state().isFinished(), build.jobExecutionId());
    }

    public BuildInfo build(String project, long number) {
        return find(project, number).toInfo();
    }

    public long idOf(String project, long number) {
        return find(project, number).id();
    }

    /** The builds of {@code project}, newest first. */
    public List<BuildInfo> builds(String project, int limit) {
        requireProject(project);
        return em.createQuery("select b from Build b where b.project.name = :project order by b.number desc",
                        Build.class)
                .setParameter("project", project).setMaxResults(clamp(limit))
                .getResultList().stream().map(Build::toInfo).toList();
    }

    /** Builds of every project, newest first, optionally only those in {@code state}. */
    public List<BuildInfo> builds(BuildState state, int limit) {
        var query = state == null
                ? em.createQuery("select b from Build b order by b.id desc", Build.class)
                : em.createQuery("select b from Build b where b.state = :state order by b.id desc", Build.class)
                        .setParameter("state", state);
        return query.setMaxResults(clamp(limit)).getResultList().stream().map(Build::toInfo).toList();
    }

    /** The builds not finished yet, oldest first. */
    public List<BuildInfo> running() {
        return em.createQuery("select b from Build b where b.state in :states order by b.id", Build.class)
                .setParameter("states", List.of(BuildState.TRIGGERED, BuildState.BUILDING))
                .getResultList().stream().map(Build::toInfo).toList();
    }

    /** Every project with its newest build (null if it has none), by project name. */
    public List<ProjectStatus> projectStatus() {
        Map<String, BuildInfo> newest = em.createQuery(
                        "select b from Build b where b.number = (select max(o.number) from Build o where o.project = b.project)",
                        Build.class)
                .getResultList().stream().map(Build::toInfo)
                .collect(Collectors.toMap(BuildInfo::project, Function.identity()));
        return em.createQuery("select p.name from Project p order by p.name", String.class).getResultList().stream()
                .map(name -> new ProjectStatus(name, newest.get(name))).toList();
    }

    /** The actions of a build, in graph order. */
    public List<ActionInfo> actions(String project, long number) {
        Build build = find(project, number);
        return em.createQuery("select a from BuildAction a where a.build = :build order by a.nodeIndex", BuildAction.class)
                .setParameter("build", build).getResultList().stream().map(BuildAction::toInfo).toList();
    }

    /** Triggered builds older than {@code grace} (their job may have been lost). */
    public List<Long> stalledTriggered(Duration grace) {
        return em.createQuery("select b.id from Build b where b.state = :state and b.triggeredAt < :before order by b.id",
                        Long.class)
                .setParameter("state", BuildState.TRIGGERED).setParameter("before", Instant.now().minus(grace))
                .getResultList();
    }

    /** Building builds whose every action finished more than {@code grace} ago (their finish step may have been lost). */
    public List<Long> stalledFinished(Duration grace) {
        return em.createQuery("select b.id from Build b where b.state = :state"
                                + " and not exists (select a from BuildAction a where a.build = b and a.state in :open)"
                                + " and not exists (select a from BuildAction a where a.build = b and a.endedAt >= :after)"
                                + " order by b.id", Long.class)
                .setParameter("state", BuildState.BUILDING)
                .setParameter("open", List.of(ActionState.BLOCKED, ActionState.READY,
                        ActionState.BUILDING))
                .setParameter("after", Instant.now().minus(grace))
                .getResultList();
    }

    private Build find(String project, long number) {
        requireProject(project);
        return em.createQuery("select b from Build b where b.project.name = :project and b.number = :number", Build.class)
                .setParameter("project", project).setParameter("number", number)
                .getResultStream().findFirst()
                .orElseThrow(() -> new NoSuchItemException("no build " + Names.quote(project + "/" + number)));
    }

    private void requireProject(String project) {
        if (em.createQuery("select count(p) from Project p where p.name = :name", Long.class)
                .setParameter("name", project).getSingleResult() == 0) {
            throw new NoSuchItemException("no project " + Names.quote(project));
        }
    }

    private static int clamp(int limit) {
        if (limit < 1) {
            throw new InvalidInputException("limit must be at least 1");
        }
        return Math.min(limit, MAX_LIST);
    }
}

package ick.project;

import ick.problem.ConflictException;
import ick.problem.InvalidInputException;
import ick.problem.NoSuchItemException;
import ick.protocol.MakeItSoResult;
import ick.protocol.MakeItSoResult.Change;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectFile;
import ick.protocol.ProjectSpec;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The use cases of projects and pipelines. Each method is one transaction: a rejected request stores nothing.
 */
@Stateless
public class ProjectService {
    @PersistenceContext(unitName = "ick")
    EntityManager em;

    /**
     * Creates or updates every item of {@code file}, all or nothing; items not in the file are left alone.
     *
     * @throws InvalidInputException listing every fault of the file
     */
    public MakeItSoResult makeItSo(ProjectFile file) {
        List<String> errors = ProjectFileRules.check(file, name -> findPipeline(name).map(Pipeline::toSpec));
        if (!errors.isEmpty()) {
            throw new InvalidInputException("the project file has " + errors.size() + " problem"
                    + (errors.size() == 1 ? "" : "s") + "; nothing was stored", errors);
        }
        List<Change> changes = new ArrayList<>();
        for (PipelineSpec spec : file.pipelines()) {
            changes.add(new Change("pipeline", spec.pipeline(), storePipeline(spec)));
        }
        for (ProjectSpec spec : file.projects()) {
            changes.add(new Change("project", spec.project(), storeProject(spec)));
        }
        return new MakeItSoResult(changes);
    }

    /** Every project, as shown ({@link Project#toShownSpec()}). */
    public List<ProjectSpec> projects() {
        return em.createQuery("select p from Project p order by p.name", Project.class)
                .getResultList().stream().map(Project::toShownSpec).toList();
    }

    /** The project, as shown ({@link Project#toShownSpec()}). */
    public ProjectSpec project(String name) {
        return findProject(name).orElseThrow(() -> noProject(name)).toShownSpec();
    }

    /** Creates or replaces project {@code name}; says whether it was created. */
    public boolean putProject(String name, ProjectSpec spec) {
        String label = "project " + Names.quote(name);
        requireSameName(label, name, spec.project());
        List<String> errors = ProjectFileRules.checkProject(spec, label,
                pipeline -> findPipeline(pipeline).map(Pipeline::toSpec));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(label + " is invalid; nothing was stored", errors);
        }
        return storeProject(spec).equals("created");
    }

    /** Deletes project {@code name} and its builds; refused while one of them is not finished. */
    public void deleteProject(String name) {
        // locked as a trigger locks it (BuildService.create): a build committed meanwhile is counted, not cascaded away
        Project project = em.createQuery("select p from Project p where p.name = :name", Project.class)
                .setParameter("name", name).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElseThrow(() -> noProject(name));
        Number running = (Number) em.createNativeQuery(
                        "select count(*) from ick.build where project_id = ?1 and state in ('triggered', 'building')")
                .setParameter(1, project.id()).getSingleResult();
        if (running.longValue() > 0) {
            throw new ConflictException("project " + Names.quote(name) + " has " + running
                    + " build(s) not finished; delete it when they are");
        }
        em.remove(project);
    }

    public List<PipelineSpec> pipelines() {
        return em.createQuery("select p from Pipeline p order by p.name", Pipeline.class)
                .getResultList().stream().map(Pipeline::toSpec).toList();
    }

    public PipelineSpec pipeline(String name) {
        return findPipeline(name).orElseThrow(() -> noPipeline(name)).toSpec();
    }

    /** Creates or replaces pipeline {@code name}; says whether it was created. */
    public boolean putPipeline(String name, PipelineSpec spec) {
        String label = "pipeline " + Names.quote(name);
        requireSameName(label, name, spec.pipeline());
        List<String> errors = ProjectFileRules.checkPipeline(spec, label);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(label + " is invalid; nothing was stored", errors);
        }
        return storePipeline(spec).equals("created");
    }

    /** Deletes pipeline {@code name}; refused while a project names it. */
    public void deletePipeline(String name) {
        Pipeline pipeline = findPipeline(name).orElseThrow(() -> noPipeline(name));
        List<String> users = em.createQuery(
                        "select p.name from Project p join p.pipelines n where n = :name order by p.name", String.class)
                .setParameter("name", name).getResultList();
        if (!users.isEmpty()) {
            throw new ConflictException("pipeline " + Names.quote(name) + " is used by project(s) "
                    + String.join(", ", users.stream().distinct().toList()));
        }
        em.remove(pipeline);
    }

    /** The pipelines of a project's spec, in its order; used when a build's graph is made. */
    public List<PipelineSpec> pipelinesOf(ProjectSpec project) {
        return project.pipelines().stream().map(this::pipeline).toList();
    }

    private String storeProject(ProjectSpec spec) {
        Optional<Project> existing = findProject(spec.project());
        if (existing.isEmpty()) {
            em.persist(new Project(spec));
            return "created";
        }
        return existing.get().apply(spec) ? "updated" : "unchanged";
    }

    private String storePipeline(PipelineSpec spec) {
        Optional<Pipeline> existing = findPipeline(spec.pipeline());
        if (existing.isEmpty()) {
            em.persist(new Pipeline(spec));
            return "created";
        }
        return existing.get().apply(spec) ? "updated" : "unchanged";
    }

    Optional<Project> findProject(String name) {
        return em.createQuery("select p from Project p where p.name = :name", Project.class)
                .setParameter("name", name).getResultStream().findFirst();
    }

    Optional<Pipeline> findPipeline(String name) {
        return em.createQuery("select p from Pipeline p where p.name = :name", Pipeline.class)
                .setParameter("name", name).getResultStream().findFirst();
    }

    private static void requireSameName(String label, String inUrl, String inBody) {
        if (inBody == null || !Objects.equals(inUrl, inBody)) {
            throw new InvalidInputException(label + ": the name in the body (" + (inBody == null ? "missing"
                    : Names.quote(inBody)) + ") must equal the name in the URL");
        }
    }

    private static NoSuchItemException noProject(String name) {
        return new NoSuchItemException("no project " + Names.quote(name));
    }

    private static NoSuchItemException noPipeline(String name) {
        return new NoSuchItemException("no pipeline " + Names.quote(name));
    }
}

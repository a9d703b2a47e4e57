package ick.web.ui;

import ick.build.BuildJobs;
import ick.build.BuildService;
import ick.problem.NoSuchItemException;
import ick.project.ProjectService;
import ick.protocol.BuildInfo;
import ick.protocol.PipelineSpec;
import ick.protocol.ProjectSpec;
import jakarta.ejb.EJB;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A project: its parameters and pipelines, its builds a page at a time, and "build now" for admins. */
@Named
@ViewScoped
public class ProjectPage implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 20;

    @EJB(lookup = Ejbs.GLOBAL + "ProjectService")
    transient ProjectService projects;

    @EJB(lookup = Ejbs.GLOBAL + "BuildService")
    transient BuildService builds;

    @EJB(lookup = Ejbs.GLOBAL + "BuildJobs")
    transient BuildJobs jobs;

    private String name;
    private int page;
    private transient ProjectSpec project;
    private transient List<PipelineSpec> pipelines;
    private transient List<BuildInfo> shown;
    private boolean more;

    /** Loads the project named by the view parameter; 404 if there is none. */
    public void load() throws IOException {
        try {
            project = projects.project(name);
        } catch (NoSuchItemException e) {
            FacesContext.getCurrentInstance().getExternalContext().responseSendError(404, "no such project");
            FacesContext.getCurrentInstance().responseComplete();
            return;
        }
        pipelines = projects.pipelinesOf(project);
        page = Math.max(0, page);
        int limit = Math.min(BuildService.MAX_LIST, (page + 1) * PAGE_SIZE + 1);
        List<BuildInfo> all = builds.builds(name, limit);
        int from = Math.min(all.size(), page * PAGE_SIZE);
        int to = Math.min(all.size(), from + PAGE_SIZE);
        shown = all.subList(from, to);
        more = all.size() > to;
    }

    /** Triggers a build and shows it (admins only). */
    public void buildNow() throws IOException {
        Viewer.requireAdmin();
        BuildInfo build = jobs.trigger(name);
        ExternalContext context = FacesContext.getCurrentInstance().getExternalContext();
        context.redirect(context.getRequestContextPath() + "/build.xhtml?project="
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&number=" + build.number());
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public int getPage() {
        return page;
    }

    public void setPage(int page) {
        this.page = page;
    }

    public ProjectSpec getProject() {
        return project;
    }

    public List<Map.Entry<String, Object>> getParameters() {
        return project == null ? List.of() : List.copyOf(project.parameters().entrySet());
    }

    public List<PipelineSpec> getPipelines() {
        return pipelines;
    }

    public List<BuildInfo> getBuilds() {
        return shown;
    }

    public boolean isMore() {
        return more;
    }

    public String duration(BuildInfo build) {
        return Durations.between(build.startedAt(), build.endedAt());
    }

    public String time(Instant instant) {
        return Durations.time(instant);
    }

    public String text(Object value) {
        return String.valueOf(value);
    }
}

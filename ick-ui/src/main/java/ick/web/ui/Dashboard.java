package ick.web.ui;

import ick.build.BuildService;
import ick.protocol.ActionState;
import ick.protocol.BuildInfo;
import ick.protocol.ProjectStatus;
import ick.protocol.WorkerInfo;
import ick.worker.Worker;
import ick.worker.WorkerService;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;

/** The dashboard: projects with their last build, running builds, actions waiting for a worker, workers online. */
@Named
@RequestScoped
public class Dashboard {
    @EJB(lookup = Ejbs.GLOBAL + "BuildService")
    BuildService builds;

    @EJB(lookup = Ejbs.GLOBAL + "WorkerService")
    WorkerService workerService;

    private List<ProjectStatus> projects;
    private List<BuildInfo> running;
    private long queued;
    private List<WorkerInfo> online;

    @PostConstruct
    void load() {
        projects = builds.projectStatus();
        running = builds.running();
        queued = running.stream()
                .flatMap(b -> builds.actions(b.project(), b.number()).stream())
                .filter(a -> a.state() == ActionState.READY)
                .count();
        Instant since = Instant.now().minus(Worker.ONLINE);
        online = workerService.workers().stream()
                .filter(w -> w.lastSeen() != null && w.lastSeen().isAfter(since))
                .toList();
    }

    public List<ProjectStatus> getProjects() {
        return projects;
    }

    public List<BuildInfo> getRunning() {
        return running;
    }

    public long getQueued() {
        return queued;
    }

    public List<WorkerInfo> getOnline() {
        return online;
    }

    public String duration(BuildInfo build) {
        return Durations.between(build.startedAt(), build.endedAt());
    }

    public String time(Instant instant) {
        return Durations.time(instant);
    }
}

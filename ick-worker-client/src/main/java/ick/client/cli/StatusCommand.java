package ick.client.cli;

import ick.protocol.BuildInfo;
import ick.protocol.ProjectStatus;
import ick.protocol.StatusInfo;
import ick.protocol.WorkerInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code icktool status}: the controller at a glance. */
@Command(name = "status",
        description = "Show every project with its last build, the builds still running, and the workers.",
        footer = IckTool.EXIT_CODES)
final class StatusCommand extends ApiCommand {
    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        StatusInfo status = api().get("/status", StatusInfo.class);
        if (format.json) {
            printJson(status);
            return IckTool.OK;
        }
        Table projects = new Table("PROJECT", "LAST BUILD", "STATE", "ENDED");
        for (ProjectStatus p : status.projects()) {
            BuildInfo b = p.lastBuild();
            projects.row(p.project(), b == null ? null : b.id(), b == null ? "never built" : b.state().json(),
                    b == null ? null : b.endedAt());
        }
        projects.print(out());
        out().println();
        if (status.running() == null || status.running().isEmpty()) {
            out().println("No builds running.");
        } else {
            Table running = new Table("RUNNING", "STATE", "TRIGGERED", "STARTED");
            status.running().forEach(b -> running.row(b.id(), b.state().json(), b.triggeredAt(), b.startedAt()));
            running.print(out());
        }
        out().println();
        if (status.workers() == null || status.workers().isEmpty()) {
            out().println("No workers registered.");
        } else {
            Table workers = new Table("WORKER", "LABELS", "LAST SEEN", "ACTION");
            for (WorkerInfo w : status.workers()) {
                workers.row(w.name(), w.labels(), w.lastSeen(), w.currentAction());
            }
            workers.print(out());
        }
        return IckTool.OK;
    }
}

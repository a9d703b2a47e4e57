package ick.protocol;

import java.util.List;

/** The controller at a glance: every project with its newest build, the builds not finished, the workers. */
public record StatusInfo(List<ProjectStatus> projects, List<BuildInfo> running, List<WorkerInfo> workers) {
}

package ick.notify;

import ick.protocol.ActionInfo;
import ick.protocol.BuildInfo;
import ick.protocol.BuildSummary;
import java.time.Duration;
import java.util.List;

/**
 * The facts a notification tells about a finished build.
 *
 * @param failedAction the action that failed it, or null
 * @param tail         the last lines of its log
 * @param logBytes     the size of its log in UTF-8
 * @param url          the build in the web UI
 */
public record BuildReport(BuildInfo build, Outcome outcome, ActionInfo failedAction, List<String> tail,
                          long logBytes, String url) {
    /** From trigger to end. */
    public Duration duration() {
        if (build.endedAt() == null) {
            return Duration.ZERO;
        }
        return Duration.between(build.triggeredAt(), build.endedAt());
    }

    public BuildSummary summary() {
        BuildSummary.FailedAction failed = failedAction == null ? null : new BuildSummary.FailedAction(
                failedAction.index(), failedAction.pipeline(), failedAction.step(), failedAction.exitCode());
        return new BuildSummary(build.id(), build.project(), build.number(), outcome.json(), build.state(),
                build.triggeredAt(), build.endedAt(), duration().toSeconds(), failed, url);
    }
}

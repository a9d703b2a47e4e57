package ick.build;

import ick.db.JsonText;
import ick.project.Project;
import ick.protocol.BuildInfo;
import ick.protocol.BuildState;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/**
 * One run of a project: triggered → building → succeeded | failed | cancelled | timed-out. Its log's length lives here, so that
 * whoever appends to the log holds this row locked and offsets never overlap.
 */
@Entity
@Table(name = "build")
public class Build {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "project_id", nullable = false)
    private Project project;

    @Column(nullable = false)
    private long number;

    @Convert(converter = BuildStateConverter.class)
    @Column(nullable = false, length = 20)
    private BuildState state;

    @Column(name = "triggered_at", nullable = false)
    private Instant triggeredAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    /** The exit code of the action that failed the build. */
    @Column(name = "exit_code")
    private Integer exitCode;

    /** The newest batch job execution working on this build. */
    @Column(name = "job_execution_id")
    private Long jobExecutionId;

    /** While building: the project's time limit ends the build then (null: none). */
    private Instant deadline;

    /** The values given at the trigger, a JSON object replacing the project's; null: none given. */
    private String parameters;

    /** Characters of log stored so far. */
    @Column(name = "log_size", nullable = false)
    private long logSize;

    /** Whether the log ends inside a line (its last character is not a newline). */
    @Column(name = "log_line_open", nullable = false)
    private boolean logLineOpen;

    protected Build() {
    }

    /** A new build of {@code project}, numbered from the project's counter (whose row the caller holds locked). */
    public Build(Project project, Instant now) {
        this(project, now, Map.of());
    }

    /**
     * A new build of {@code project} with values {@code given} at the trigger, which replace the project's
     * (the caller checked that the project declares each); numbered from the project's counter.
     */
    public Build(Project project, Instant now, Map<String, Object> given) {
        this.project = project;
        this.number = project.allocateBuildNumber();
        this.state = BuildState.TRIGGERED;
        this.triggeredAt = now;
        this.parameters = given.isEmpty() ? null : JsonText.write(given);
    }

    /** The values given at the trigger (empty if none). */
    public Map<String, Object> parameters() {
        return parameters == null ? Map.of() : JsonText.map(parameters);
    }

    /** The graph exists: actions may run; {@code timeoutSeconds} (0: none) limits the whole build. */
    public void start(Instant now, long timeoutSeconds) {
        require(state == BuildState.TRIGGERED, "start");
        state = BuildState.BUILDING;
        startedAt = now;
        deadline = timeoutSeconds > 0 ? now.plusSeconds(timeoutSeconds) : null;
    }

    /** The graph exists: actions may run. */
    public void start(Instant now) {
        start(now, 0);
    }

    /** The build is over; {@code failedExitCode} is the failing action's code, or null. */
    public void end(boolean succeeded, Integer failedExitCode, Instant now) {
        end(succeeded ? BuildState.SUCCEEDED : BuildState.FAILED, failedExitCode, now);
    }

    /** The build is over, in {@code outcome}; {@code failedExitCode} is the failing action's code, or null. */
    public void end(BuildState outcome, Integer failedExitCode, Instant now) {
        require(!state.isFinished() && outcome.isFinished(), "end " + outcome.json());
        state = outcome;
        exitCode = outcome == BuildState.SUCCEEDED ? null : failedExitCode;
        endedAt = now;
        deadline = null;
    }

    public boolean pastDeadline(Instant now) {
        return state == BuildState.BUILDING && deadline != null && deadline.isBefore(now);
    }

    /** Reserves {@code length} characters at the end of the log; returns where they start. */
    public long reserveLog(long length) {
        long start = logSize;
        logSize += length;
        return start;
    }

    /** Reserves room for {@code text} at the end of the log and notes how it ends; returns where it starts. */
    public long reserveLog(String text) {
        long start = reserveLog(LogText.length(text));
        if (!text.isEmpty()) {
            logLineOpen = text.charAt(text.length() - 1) != '\n';
        }
        return start;
    }

    /** Whether the log is empty or its last character is a newline. */
    public boolean logEndsLine() {
        return !logLineOpen;
    }

    public void recordJobExecution(long executionId) {
        jobExecutionId = executionId;
    }

    private void require(boolean allowed, String move) {
        if (!allowed) {
            throw new IllegalTransitionException("build " + name() + " cannot " + move + ": it is " + state.json());
        }
    }

    /** {@code PROJECT/NUMBER}, e.g. {@code hello/7}. */
    public String name() {
        return project.name() + "/" + number;
    }

    public BuildInfo toInfo() {
        return new BuildInfo(name(), project.name(), number, state, triggeredAt, startedAt, endedAt, exitCode, logSize,
                parameters == null ? null : JsonText.map(parameters));
    }

    public Long id() {
        return id;
    }

    public Project project() {
        return project;
    }

    public long number() {
        return number;
    }

    public BuildState state() {
        return state;
    }

    public Long jobExecutionId() {
        return jobExecutionId;
    }

    public long logSize() {
        return logSize;
    }
}

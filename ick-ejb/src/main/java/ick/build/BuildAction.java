package ick.build;

import ick.db.JsonText;
import ick.protocol.ActionInfo;
import ick.protocol.ActionState;
import ick.protocol.WorkItem;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A node of a build's graph: blocked → ready → building (held by one worker) → succeeded | failed, or
 * skipped when an action before it failed. The worker holding it is the only one whose reports count.
 */
@Entity
@Table(name = "build_action")
public class BuildAction implements BuildGraph.Node {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "build_id", nullable = false)
    private Build build;

    /** The build's id, readable without loading the build. */
    @Column(name = "build_id", insertable = false, updatable = false)
    private Long buildId;

    @Column(name = "action_index", nullable = false)
    private int nodeIndex;

    /** The pipeline the action comes from; null for the controller's own (create_workspace). */
    @Column(length = 100)
    private String pipeline;

    /** The step as a JSON object. */
    @Column(nullable = false)
    private String step;

    /** The parameters the action gets, as a JSON object. */
    @Column(nullable = false)
    private String parameters;

    /** The indexes of the actions that must succeed first, as a JSON list. */
    @Column(nullable = false)
    private String needs;

    @Convert(converter = ActionStateConverter.class)
    @Column(nullable = false, length = 20)
    private ActionState state;

    @Column(length = 200)
    private String worker;

    @Column(name = "exit_code")
    private Integer exitCode;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    protected BuildAction() {
    }

    public BuildAction(Build build, BuildGraph.PlannedAction planned) {
        this.build = build;
        this.nodeIndex = planned.index();
        this.pipeline = planned.pipeline();
        this.step = JsonText.write(planned.step());
        this.parameters = JsonText.write(planned.parameters());
        this.needs = JsonText.write(planned.needs());
        this.state = ActionState.BLOCKED;
    }

    public void markReady() {
        require(state == ActionState.BLOCKED, "become ready");
        state = ActionState.READY;
    }

    public void assignTo(String workerName, Instant now) {
        require(state == ActionState.READY, "be given to " + workerName);
        state = ActionState.BUILDING;
        worker = Objects.requireNonNull(workerName);
        startedAt = now;
    }

    /** The worker never got it (its request was gone): the action may be given to another worker. */
    public void release() {
        require(state == ActionState.BUILDING, "be released");
        state = ActionState.READY;
        worker = null;
        startedAt = null;
    }

    public void finish(int code, Instant now) {
        require(state == ActionState.BUILDING, "finish");
        state = code == 0 ? ActionState.SUCCEEDED : ActionState.FAILED;
        exitCode = code;
        endedAt = now;
    }

    public void skip(Instant now) {
        require(state == ActionState.BLOCKED || state == ActionState.READY, "be skipped");
        state = ActionState.SKIPPED;
        endedAt = now;
    }

    public boolean isHeldBy(String workerName) {
        return state == ActionState.BUILDING && Objects.equals(worker, workerName);
    }

    /** Whether {@code workerName} finished this action with {@code code}: a repeated result is no news. */
    public boolean wasFinishedBy(String workerName, int code) {
        return (state == ActionState.SUCCEEDED || state == ActionState.FAILED)
                && Objects.equals(worker, workerName) && exitCode != null && exitCode == code;
    }

    private void require(boolean allowed, String move) {
        if (!allowed) {
            throw new IllegalTransitionException("action " + nodeIndex + " of build " + build.name() + " cannot " + move
                    + ": it is " + state.json() + (worker == null ? "" : " (worker " + worker + ")"));
        }
    }

    /** A short description for log lines: {@code shell}, {@code python} or the built-in's name. */
    public String kind() {
        Map<String, Object> s = step();
        return s.containsKey("action") ? String.valueOf(s.get("action")) : s.containsKey("python") ? "python" : "shell";
    }

    public Map<String, Object> step() {
        return JsonText.map(step);
    }

    public ActionInfo toInfo() {
        return new ActionInfo(id, nodeIndex, pipeline, step(), state, exitCode, worker, startedAt, endedAt);
    }

    public WorkItem toWorkItem() {
        return new WorkItem(id, build.name(), build.project().name(), build.number(), nodeIndex, step(),
                JsonText.map(parameters));
    }

    public Long id() {
        return id;
    }

    public long buildId() {
        return buildId != null ? buildId : build.id();
    }

    public Build build() {
        return build;
    }

    @Override
    public int index() {
        return nodeIndex;
    }

    @Override
    public ActionState state() {
        return state;
    }

    @Override
    public List<Integer> needs() {
        return JsonText.integers(needs);
    }

    public String worker() {
        return worker;
    }

    public Integer exitCode() {
        return exitCode;
    }
}

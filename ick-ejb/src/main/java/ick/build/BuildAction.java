package ick.build;

import ick.blob.BlobReferences;
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
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import ick.project.BuiltinActions;
import ick.project.StepRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A node of a build's graph: blocked → ready → building (held by one worker, under a lease) → succeeded |
 * failed; skipped when an action before it failed; cancelled (its build was); timed out. The worker holding
 * it, in the current attempt, is the only one whose reports count: each time the action is given out its
 * attempt number grows, so a worker that lost it (lease expired, re-queued) is refused even under the same
 * name.
 */
@Entity
@Table(name = "build_action")
public class BuildAction implements BuildGraph.Node {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @Id
    // Ids in blocks of 50 (V23): the actions of a new build go in one batched insert.
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "build_action_ids")
    @SequenceGenerator(name = "build_action_ids", sequenceName = "build_action_id_seq", allocationSize = 50)
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

    /** A JSON list of the labels the worker must have. */
    @Column(nullable = false)
    private String labels = "[]";

    /** The node whose worker must run this one (it holds the files), or null for any worker. */
    private Integer affinity;

    /** Whether only trusted workers run it (and they run nothing else): its pipeline is {@code trusted: true}. */
    @Column(nullable = false)
    private boolean trusted;

    /** How many times it was given to a worker. */
    @Column(nullable = false)
    private int attempt;

    /** While building: the worker counts as lost if it is not heard from before this. */
    @Column(name = "lease_until")
    private Instant leaseUntil;

    /** While building: its own time limit ends it then (null: none). */
    private Instant deadline;

    /** The blobs it must find as an earlier action of its build stored them: JSON, name to SHA-256 (null: none). */
    @Column(name = "blob_pins")
    private String blobPins;

    protected BuildAction() {
    }

    public BuildAction(Build build, BuildGraph.PlannedAction planned) {
        this.build = build;
        this.nodeIndex = planned.index();
        this.pipeline = planned.pipeline();
        this.step = JsonText.write(planned.step());
        this.parameters = JsonText.write(planned.parameters());
        this.needs = JsonText.write(planned.needs());
        this.labels = JsonText.write(planned.labels() == null ? List.of() : planned.labels());
        this.affinity = planned.affinity();
        this.trusted = planned.trusted();
        this.state = ActionState.BLOCKED;
    }

    public void markReady() {
        require(state == ActionState.BLOCKED, "become ready");
        state = ActionState.READY;
    }

    /** Given to {@code workerName}, leased until {@code now + lease}; a new attempt. */
    public void assignTo(String workerName, Instant now, Duration lease) {
        require(state == ActionState.READY, "be given to " + workerName);
        state = ActionState.BUILDING;
        worker = Objects.requireNonNull(workerName);
        startedAt = now;
        attempt++;
        leaseUntil = now.plus(lease);
        long limit = StepRules.timeoutSeconds(step());
        deadline = limit > 0 ? now.plusSeconds(limit) : null;
    }

    /** Given to {@code workerName} under the configured lease. */
    public void assignTo(String workerName, Instant now) {
        assignTo(workerName, now, Duration.ofSeconds(60));
    }

    /** The holder was heard from: its lease runs on. */
    public void renew(Instant now, Duration lease) {
        require(state == ActionState.BUILDING, "have its lease renewed");
        Instant until = now.plus(lease);
        if (leaseUntil == null || until.isAfter(leaseUntil)) {
            leaseUntil = until;
        }
    }

    /** The worker never got it (its request was gone): the action may be given to another worker. */
    public void release() {
        require(state == ActionState.BUILDING, "be released");
        state = ActionState.READY;
        worker = null;
        startedAt = null;
        leaseUntil = null;
        deadline = null;
        attempt--; // it never ran
    }

    /** Its worker was lost and the action may run again ({@code retry}): ready for another attempt. */
    public void requeue() {
        require(state == ActionState.BUILDING && mayRetry(), "be given out again");
        state = ActionState.READY;
        worker = null;
        startedAt = null;
        leaseUntil = null;
        deadline = null;
    }

    /** Whether a lost worker's attempt may be followed by another one. */
    public boolean mayRetry() {
        return attempt <= StepRules.retries(step());
    }

    public void finish(int code, Instant now) {
        require(state == ActionState.BUILDING, "finish");
        state = code == 0 ? ActionState.SUCCEEDED : ActionState.FAILED;
        exitCode = code;
        endedAt = now;
        leaseUntil = null;
    }

    /** Its worker was lost (its lease expired): failed, without an exit code. */
    public void lose(Instant now) {
        require(state == ActionState.BUILDING, "be failed for a lost worker");
        state = ActionState.FAILED;
        endedAt = now;
        leaseUntil = null;
    }

    /** It waited for the worker holding its build's workspace, which is gone: it cannot run anywhere else. */
    public void holderLost(Instant now) {
        require(state == ActionState.READY, "fail for a lost workspace");
        state = ActionState.FAILED;
        endedAt = now;
    }

    /** The build was cancelled: a running action is stopped by its worker (told by its heartbeat). */
    public void cancel(Instant now) {
        require(!state.isFinished(), "be cancelled");
        stop(ActionState.CANCELLED, now);
    }

    /** It, or its build, ran out of time: a running action is stopped by its worker. */
    public void timeOut(Instant now) {
        require(!state.isFinished(), "time out");
        stop(ActionState.TIMED_OUT, now);
    }

    private void stop(ActionState to, Instant now) {
        state = to;
        endedAt = now;
        leaseUntil = null;
    }

    public void skip(Instant now) {
        require(state == ActionState.BLOCKED || state == ActionState.READY, "be skipped");
        state = ActionState.SKIPPED;
        endedAt = now;
    }

    public boolean isHeldBy(String workerName) {
        return state == ActionState.BUILDING && Objects.equals(worker, workerName);
    }

    /** Whether {@code workerName} holds it in attempt {@code attempt} (0: a report that names no attempt). */
    public boolean isHeldBy(String workerName, int attempt) {
        return isHeldBy(workerName) && isAttempt(attempt);
    }

    /**
     * Whether {@code workerName} was running it (attempt {@code attempt}) when it was cancelled or timed out:
     * that worker must stop it, and may still say how it ended.
     */
    public boolean wasStoppedUnder(String workerName, int attempt) {
        return (state == ActionState.CANCELLED || state == ActionState.TIMED_OUT) && startedAt != null
                && Objects.equals(worker, workerName) && isAttempt(attempt);
    }

    private boolean isAttempt(int reported) {
        return reported == 0 || reported == attempt;
    }

    /** Whether {@code workerName} was given it in attempt {@code attemptNumber}, whatever became of it since. */
    public boolean wasGivenTo(String workerName, int attemptNumber) {
        return startedAt != null && Objects.equals(worker, workerName) && attempt == attemptNumber;
    }

    /** Whether {@code workerName} holds it (building), given to it before {@code before}. */
    public boolean heldBy(String workerName, Instant before) {
        return state == ActionState.BUILDING && Objects.equals(worker, workerName) && startedAt != null
                && startedAt.isBefore(before);
    }

    public boolean leaseExpired(Instant now) {
        return state == ActionState.BUILDING && leaseUntil != null && leaseUntil.isBefore(now);
    }

    public boolean pastDeadline(Instant now) {
        return state == ActionState.BUILDING && deadline != null && deadline.isBefore(now);
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

    /** A short description for log lines: {@code shell}, {@code python}, the built-in's name, or {@code archive workspace}. */
    public String kind() {
        Map<String, Object> s = step();
        if (s.containsKey("archive") || s.containsKey("populate")) {
            String kind = s.containsKey("archive") ? "archive" : "populate";
            return kind + " " + s.get(kind);
        }
        return s.containsKey("action") ? String.valueOf(s.get("action")) : s.containsKey("python") ? "python" : "shell";
    }

    public Map<String, Object> step() {
        return JsonText.map(step);
    }

    public ActionInfo toInfo() {
        return new ActionInfo(id, nodeIndex, pipeline, step(), state, exitCode, worker, startedAt, endedAt, needs(),
                JsonText.strings(labels), attempt, trusted ? Boolean.TRUE : null);
    }

    public WorkItem toWorkItem() {
        return toWorkItem(attempt);
    }

    /** The work item as it will be in attempt {@code attemptNumber} (of an action handed over ahead). */
    public WorkItem toWorkItem(int attemptNumber) {
        return toWorkItem(attemptNumber, name -> Optional.empty());
    }

    /**
     * The work item as it will be in attempt {@code attemptNumber}, with the pins it must find its blobs at: those
     * of its build ({@link #pin}), the project's reused workspace, and for a populate of a blob that builds hand
     * on by name ({@link #handedOn}) that name's pin, which {@code handOffPins} gives (ick.blob.BlobPins), unless
     * its own build pinned the name: what its build archived wins over what another build archived since.
     */
    public WorkItem toWorkItem(int attemptNumber, Function<String, Optional<String>> handOffPins) {
        Map<String, Object> s = step();
        Map<String, String> own = pins() == null ? Map.of() : pins();
        Map<String, String> pins = new TreeMap<>(own);
        if (populatesTheReusedWorkspace(s)) {
            build.project().archivedWorkspace().ifPresent(sha -> pins.put(build.project().workspaceBlob(), sha));
        }
        handOff(s, "populate").filter(name -> !own.containsKey(name))
                .ifPresent(name -> handOffPins.apply(name).ifPresent(sha -> pins.put(name, sha)));
        return new WorkItem(id, build.name(), build.project().name(), build.number(), nodeIndex, s,
                JsonText.map(parameters), attemptNumber, null, pins.isEmpty() ? null : pins);
    }

    /**
     * The blob a successful result of this action stored that builds hand on by name, with its SHA-256 (one entry
     * or none): that of an {@code archive: systree} (its {@code blob:}, else {@code systree/PROJECT}) or of an
     * {@code archive: workspace} with an explicit {@code blob:}; only a well-formed digest. The reused
     * workspace's archive is the project's ({@link #archivedReusedWorkspace}).
     */
    public Map<String, String> handedOn(Map<String, String> stored) {
        if (stored == null) {
            return Map.of();
        }
        return handOff(step(), "archive").filter(name -> isSha256(stored.get(name)))
                .map(name -> Map.of(name, stored.get(name))).orElse(Map.of());
    }

    /**
     * What a successful result of this archive hands on ({@link #handedOn}), pinned first on those of its build's
     * actions, {@code all}, that populate that name and are not given out yet: they get what their own build
     * archived, and another build's archive of the name made in between fails them rather than being used. The
     * answer is for the name's pin among builds (ick.blob.BlobPins).
     */
    public Map<String, String> handOn(Map<String, String> stored, Collection<BuildAction> all) {
        Map<String, String> handed = handedOn(stored);
        handed.forEach((name, sha256) -> all.stream()
                .filter(a -> a.buildId() == buildId() && a.mayTakePins() && a.populatesHandOff(name))
                .forEach(a -> a.pin(Map.of(name, sha256))));
        return handed;
    }

    private boolean populatesHandOff(String name) {
        return handOff(step(), "populate").filter(name::equals).isPresent();
    }

    /** Whether it is not given out yet, and so may still take pins ({@link #pin}). */
    public boolean mayTakePins() {
        return state == ActionState.BLOCKED || state == ActionState.READY;
    }

    /**
     * Whether it populates a blob that one of {@code before} archives: then it is not given out ahead of them,
     * as its pin, its own build's, is known only once their result is in.
     */
    public boolean readsHandOffOf(Collection<BuildAction> before) {
        Optional<String> reads = handOff(step(), "populate");
        return reads.isPresent() && before.stream().anyMatch(b -> reads.equals(handOff(b.step(), "archive")));
    }

    /**
     * The blob that {@code step}'s {@code archive:} or {@code populate:} ({@code verb}) hands on by name: a system
     * tree's, or a workspace's with an explicit {@code blob:}. Empty for the default {@code workspace/PROJECT}.
     */
    private Optional<String> handOff(Map<String, Object> step, String verb) {
        Object what = step.get(verb);
        if (!"systree".equals(what) && !"workspace".equals(what)) {
            return Optional.empty();
        }
        if (step.get(BlobReferences.BLOB) instanceof String name && !name.isBlank()) {
            return Optional.of(name);
        }
        return "systree".equals(what) ? Optional.of(BlobReferences.defaultName("systree", build.project().name()))
                : Optional.empty();
    }

    private static boolean isSha256(String text) {
        return text != null && SHA256.matcher(text).matches();
    }

    /**
     * The SHA-256 with which a successful result says it archived the reused workspace ({@code workspace: reuse}'s
     * last node, which {@code WorkspaceReuse} adds: no pipeline, {@code archive: workspace}, the default blob).
     */
    public Optional<String> archivedReusedWorkspace(Map<String, String> stored) {
        if (stored == null || pipeline != null) {
            return Optional.empty();
        }
        Map<String, Object> s = step();
        if (!"workspace".equals(s.get("archive")) || s.containsKey("blob")) {
            return Optional.empty();
        }
        String sha256 = stored.get(build.project().workspaceBlob());
        return isSha256(sha256) ? Optional.of(sha256) : Optional.empty();
    }

    /** Whether {@code step} populates the workspace from its default blob, {@code workspace/PROJECT}. */
    private static boolean populatesTheReusedWorkspace(Map<String, Object> step) {
        return "workspace".equals(step.get("populate")) && !step.containsKey("blob");
    }

    /**
     * The blobs of a successful result that this action vouches for: an {@code action: deb}'s upload, the names
     * under {@code debs/PROJECT/NUMBER/} of its own build, each with a well-formed SHA-256. Nothing for another
     * action, or another build's names: a worker cannot pin what it had no business storing.
     */
    public Map<String, String> vouchedFor(Map<String, String> stored) {
        if (stored == null || !BuiltinActions.DEB.equals(step().get("action"))) {
            return Map.of();
        }
        String prefix = debsPrefix();
        Map<String, String> vouched = new TreeMap<>();
        stored.forEach((name, sha256) -> {
            if (name != null && name.startsWith(prefix) && isSha256(sha256)) {
                vouched.put(name, sha256);
            }
        });
        return vouched;
    }

    /** Whether this action reads a build's .deb upload ({@code publish_debs}), and so takes its pins. */
    public boolean readsDebs() {
        return BuiltinActions.PUBLISH_DEBS.equals(step().get("action"));
    }

    /** Adds {@code more} to the blobs this action must find as they were stored; only before it is given out. */
    public void pin(Map<String, String> more) {
        require(mayTakePins(), "take pinned blobs");
        Map<String, String> all = new TreeMap<>(pins() == null ? Map.of() : pins());
        all.putAll(more);
        blobPins = JsonText.write(all);
    }

    private Map<String, String> pins() {
        if (blobPins == null) {
            return null;
        }
        Map<String, String> pins = new TreeMap<>();
        JsonText.map(blobPins).forEach((name, sha256) -> pins.put(name, String.valueOf(sha256)));
        return pins;
    }

    private String debsPrefix() {
        return "debs/" + build.project().name() + "/" + build.number() + "/";
    }

    /**
     * Whether this action waits for {@code previous} alone and must run on its worker, with the same labels
     * and trust: it becomes ready exactly when {@code previous} succeeds, and only that worker can take it.
     */
    public boolean runsRightAfter(BuildAction previous) {
        return state == ActionState.BLOCKED && followsOnSameTerms(previous);
    }

    /**
     * Whether {@code workerName} may be given this ready action, attempt {@code attemptNumber}, without a claim:
     * it ran ahead on that worker, which ran the action before it ({@code previous}, its affinity), whose terms
     * it shares ({@link #runsRightAfter}).
     */
    public boolean mayBeGivenAheadTo(String workerName, int attemptNumber, BuildAction previous) {
        return state == ActionState.READY && attempt + 1 == attemptNumber && followsOnSameTerms(previous)
                && Objects.equals(previous.worker, workerName);
    }

    private boolean followsOnSameTerms(BuildAction previous) {
        return buildId() == previous.buildId() && affinity != null && affinity == previous.index()
                && needs().equals(List.of(previous.index())) && trusted == previous.trusted
                && labels.equals(previous.labels);
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

    /** The node whose worker must run this one too (it holds the files), or null for any worker. */
    public Integer affinity() {
        return affinity;
    }

    public Integer exitCode() {
        return exitCode;
    }

    public int attempt() {
        return attempt;
    }

    /** Whether only trusted workers run it. */
    public boolean trusted() {
        return trusted;
    }

    public String pipeline() {
        return pipeline;
    }
}

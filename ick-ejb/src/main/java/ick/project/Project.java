package ick.project;

import ick.db.JsonText;
import ick.protocol.ProjectSpec;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A project: the parameter values it gives its pipelines, the pipelines a build runs in order, and the
 * counter its build numbers come from. Built only from a spec that passed {@link ProjectFileRules}.
 */
@Entity
@Table(name = "project")
public class Project {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = Names.MAX_LENGTH)
    private String name;

    /** A JSON object, canonical (see {@link JsonText}). */
    @Column(nullable = false)
    private String parameters;

    @ElementCollection
    @CollectionTable(name = "project_pipeline", joinColumns = @JoinColumn(name = "project_id"))
    @OrderColumn(name = "position")
    @Column(name = "pipeline_name", nullable = false, length = Names.MAX_LENGTH)
    private List<String> pipelines = new ArrayList<>();

    @Column(name = "next_build_number", nullable = false)
    private long nextBuildNumber = 1;

    /** JSON list of e-mail addresses told when a build ends. */
    @Column(nullable = false)
    private String notify = "[]";

    /** JSON list of the outcomes told ({@link Notify}); null for the default. */
    @Column(name = "notify_on")
    private String notifyOn;

    private String webhook;

    /** {@code reuse} or null ({@link ProjectSpec#workspace()}). */
    private String workspace;

    /** The time limit of a whole build, in seconds; null: none. */
    @Column(name = "timeout_seconds")
    private Integer timeoutSeconds;

    /** The SHA-256 of blob {@code workspace/NAME} as the last successful build archived it (reuse), or null. */
    @Column(name = "workspace_sha256", length = 64)
    private String workspaceSha256;

    protected Project() {
    }

    public Project(ProjectSpec spec) {
        this.name = spec.project();
        apply(spec);
    }

    /** Takes {@code spec}'s content; says whether anything changed. */
    public boolean apply(ProjectSpec spec) {
        if (!spec.project().equals(name)) {
            throw new IllegalArgumentException("spec of " + spec.project() + " applied to project " + name);
        }
        String newParameters = JsonText.write(spec.parameters());
        String newNotify = JsonText.write(spec.recipients() == null ? List.of() : spec.recipients());
        String newNotifyOn = spec.notifyOn() == null ? null : JsonText.write(spec.notifyOn());
        Integer newTimeout = spec.timeout() == null ? null : Math.toIntExact(spec.timeoutSeconds());
        // the webhook as shown (its origin: toShownSpec), given back by icktool show -> make-it-so, keeps the URL
        String newWebhook = webhook != null && spec.webhook() != null && !spec.webhook().equals(webhook)
                && spec.webhook().equals(WebhookUrl.origin(webhook)) ? webhook : spec.webhook();
        if (newParameters.equals(parameters) && pipelines.equals(spec.pipelines()) && newNotify.equals(notify)
                && Objects.equals(newNotifyOn, notifyOn) && Objects.equals(newWebhook, webhook)
                && Objects.equals(spec.workspace(), workspace) && Objects.equals(newTimeout, timeoutSeconds)) {
            return false;
        }
        parameters = newParameters;
        pipelines.clear();
        pipelines.addAll(spec.pipelines());
        notify = newNotify;
        notifyOn = newNotifyOn;
        webhook = newWebhook;
        workspace = spec.workspace();
        timeoutSeconds = newTimeout;
        return true;
    }

    /** The number of the next build; the caller holds this row locked, so numbers are never given twice. */
    public long allocateBuildNumber() {
        return nextBuildNumber++;
    }

    public ProjectSpec toSpec() {
        List<String> addresses = JsonText.strings(notify);
        return new ProjectSpec(name, JsonText.map(parameters), List.copyOf(pipelines),
                addresses.isEmpty() ? null : addresses, notifyOn == null ? null : JsonText.strings(notifyOn), webhook,
                workspace, timeoutSeconds);
    }

    /** The project as the API and the UI show it: its webhook by origin only ({@link WebhookUrl}). */
    public ProjectSpec toShownSpec() {
        ProjectSpec spec = toSpec();
        return webhook == null ? spec : new ProjectSpec(spec.project(), spec.parameters(), spec.pipelines(),
                spec.recipients(), spec.notifyOn(), WebhookUrl.origin(webhook), spec.workspace(), spec.timeout());
    }

    /** The blob of the reused workspace: {@code workspace/NAME}. */
    public String workspaceBlob() {
        return "workspace/" + name;
    }

    /** A successful build archived the reused workspace as {@link #workspaceBlob()} with this SHA-256. */
    public void archivedWorkspace(String sha256) {
        workspaceSha256 = sha256;
    }

    /** The SHA-256 the next build's populate must find in {@link #workspaceBlob()}, if a build archived one. */
    public java.util.Optional<String> archivedWorkspace() {
        return java.util.Optional.ofNullable(workspaceSha256);
    }

    /** Who is told about this project's builds, and when. */
    public Notify notifySettings() {
        return new Notify(JsonText.strings(notify), notifyOn == null ? null : JsonText.strings(notifyOn), webhook);
    }

    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public List<String> pipelines() {
        return List.copyOf(pipelines);
    }
}

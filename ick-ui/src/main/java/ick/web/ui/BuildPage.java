package ick.web.ui;

import ick.build.BuildService;
import ick.build.BuildStops;
import ick.build.LogSlice;
import ick.problem.ConflictException;
import ick.problem.NoSuchItemException;
import ick.protocol.ActionInfo;
import ick.protocol.BuildInfo;
import jakarta.ejb.EJB;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A build: its graph as a picture, each action's state and duration, the log (followed live by the page's
 * script), download of the log, and cancel for admins.
 */
@Named
@ViewScoped
public class BuildPage implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * The log is in the page itself, so that it can be read without JavaScript: whole up to this many characters;
     * a longer one by its first {@link #HEAD_CHARS} and its last {@link #TAIL_CHARS} (where a failure shows), with
     * a gap between that says how much is left out (the download has it all). The live part follows the tail.
     */
    static final int INLINE_LOG = 256 * 1024;
    static final int HEAD_CHARS = 64 * 1024;
    static final int TAIL_CHARS = INLINE_LOG - HEAD_CHARS;

    @EJB(lookup = Ejbs.GLOBAL + "BuildService")
    transient BuildService builds;

    @EJB(lookup = Ejbs.GLOBAL + "BuildStops")
    transient BuildStops stops;

    @Inject
    transient LogReader log;

    private String project;
    private long number;
    private transient BuildInfo build;
    private transient List<ActionInfo> actions;
    private transient GraphPicture graph;
    private transient String logHead;
    private transient String logText;
    private long logOmitted;
    private long logOffset;

    public void load() throws IOException {
        try {
            build = builds.build(project, number);
        } catch (NoSuchItemException e) {
            FacesContext.getCurrentInstance().getExternalContext().responseSendError(404, "no such build");
            FacesContext.getCurrentInstance().responseComplete();
            return;
        }
        actions = builds.actions(project, number);
        graph = new GraphPicture(actions);
        long buildId = builds.idOf(project, number);
        // the first slice (about 1 MiB); offsets count code points, not chars
        LogSlice first = log.now(buildId, 0);
        String text = first.text();
        if (build.logSize() > INLINE_LOG) {
            logHead = firstCodePoints(text, HEAD_CHARS);
            LogSlice tail = log.now(buildId, build.logSize() - TAIL_CHARS);
            logText = tail.text();
            logOmitted = build.logSize() - TAIL_CHARS - HEAD_CHARS;
            logOffset = tail.nextOffset();
            return;
        }
        // the log may have grown since the build was read: it is then cut, and the rest is streamed
        logText = firstCodePoints(text, INLINE_LOG);
        logOffset = logText.length() < text.length() ? INLINE_LOG : first.nextOffset();
    }

    /** The first {@code n} code points of {@code text} (all of it if it has fewer). */
    private static String firstCodePoints(String text, int n) {
        return text.codePointCount(0, text.length()) > n ? text.substring(0, text.offsetByCodePoints(0, n)) : text;
    }

    /** Cancels the build (admins only), then shows it again. */
    public void cancel() throws IOException {
        Viewer.requireAdmin();
        FacesContext faces = FacesContext.getCurrentInstance();
        try {
            stops.cancel(project, number, "user " + faces.getExternalContext().getUserPrincipal().getName());
        } catch (ConflictException e) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_WARN, e.getMessage(), null));
            faces.getExternalContext().getFlash().setKeepMessages(true);
        }
        ExternalContext context = faces.getExternalContext();
        context.redirect(context.getRequestContextPath() + "/build.xhtml?project="
                + URLEncoder.encode(project, StandardCharsets.UTF_8) + "&number=" + number);
    }

    public String getProject() {
        return project;
    }

    public void setProject(String project) {
        this.project = project;
    }

    public long getNumber() {
        return number;
    }

    public void setNumber(long number) {
        this.number = number;
    }

    public BuildInfo getBuild() {
        return build;
    }

    public List<ActionInfo> getActions() {
        return actions;
    }

    public GraphPicture getGraph() {
        return graph;
    }

    /** The log's first part when the page leaves out its middle; null when the page has it whole. */
    public String getLogHead() {
        return logHead;
    }

    public String getLogText() {
        return logText;
    }

    /** How many characters of the log the page leaves out, between its head and its tail. */
    public long getLogOmitted() {
        return logOmitted;
    }

    public long getLogOffset() {
        return logOffset;
    }

    public boolean isRunning() {
        return build != null && !build.state().isFinished();
    }

    public String duration(Instant start, Instant end) {
        return Durations.between(start, end);
    }

    public String time(Instant instant) {
        return Durations.time(instant);
    }

    public String label(ActionInfo action) {
        return GraphPicture.label(action);
    }

    public String step(ActionInfo action) {
        Map<String, Object> step = action.step();
        return step == null ? "" : step.toString();
    }

    public String needs(ActionInfo action) {
        return action.needs() == null ? "" : action.needs().toString();
    }
}

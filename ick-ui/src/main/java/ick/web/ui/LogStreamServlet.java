package ick.web.ui;

import ick.build.BuildService;
import ick.build.LogFollowing;
import ick.build.LogSlice;
import ick.problem.NoSuchItemException;
import jakarta.ejb.EJB;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code GET /ui/log-stream?project=&number=&offset=}: a build's log as Server-Sent Events for the build page,
 * under the UI's own login (the API wants a bearer token the browser does not have). Events: {@code log}
 * (a piece of text, one {@code data:} line per line; the event id is the offset to resume from, which the
 * browser sends back as {@code Last-Event-ID} when it reconnects), {@code state} (the build's state) and
 * {@code end} (the build ended and everything was sent). Holds no thread while waiting.
 */
@WebServlet(urlPatterns = "/log-stream", asyncSupported = true)
public class LogStreamServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final Duration WAIT = Duration.ofSeconds(20);

    @EJB(lookup = Ejbs.GLOBAL + "BuildService")
    transient BuildService builds;

    @EJB(lookup = Ejbs.GLOBAL + "LogFollowing")
    transient LogFollowing followers;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long buildId;
        long offset;
        try {
            buildId = builds.idOf(request.getParameter("project"), Long.parseLong(request.getParameter("number")));
            String resume = request.getHeader("Last-Event-ID");
            offset = Math.max(0, Long.parseLong(resume != null ? resume : String.valueOf(request.getParameter("offset"))));
        } catch (NumberFormatException e) {
            response.sendError(400, "number and offset must be numbers");
            return;
        } catch (NoSuchItemException e) {
            response.sendError(404, "no such build");
            return;
        }
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        response.flushBuffer();
        next(async, buildId, offset);
    }

    private void next(AsyncContext async, long buildId, long offset) {
        followers.follow(buildId, offset, WAIT, slice -> {
            try {
                ServletOutputStream out = async.getResponse().getOutputStream();
                if (slice == null) {
                    async.complete(); // the browser reconnects and resumes
                    return;
                }
                if (!slice.text().isEmpty()) {
                    out.write(logEvent(slice).getBytes(StandardCharsets.UTF_8));
                }
                out.write(("event: state\ndata: " + slice.state().json() + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (slice.state().isFinished() && slice.text().isEmpty()) {
                    out.write("event: end\ndata: end\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    async.complete();
                    return;
                }
                // Not next() itself: the answer may come inside follow's call, and calls from within it nest. Each
                // nested call holds a pooled LogFollowing, so a log of more slices than the pool has beans
                // deadlocks; and all share one transaction, whose build (log size, state) stays as first read, so
                // a log that grew meanwhile is sent again and again.
                async.start(() -> next(async, buildId, slice.nextOffset()));
            } catch (IOException | IllegalStateException e) {
                // the browser left
                try {
                    async.complete();
                } catch (IllegalStateException ignored) {
                    // already completed
                }
            }
        });
    }

    /** An SSE {@code log} event: each line of the text its own {@code data:} line, which the browser joins with newlines. */
    static String logEvent(LogSlice slice) {
        StringBuilder event = new StringBuilder("event: log\nid: ").append(slice.nextOffset()).append('\n');
        for (String line : slice.text().split("\r\n|\r|\n", -1)) {
            event.append("data: ").append(line).append('\n');
        }
        return event.append('\n').toString();
    }
}

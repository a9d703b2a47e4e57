package ick.web.ui;

import ick.build.BuildService;
import ick.build.LogSlice;
import ick.problem.NoSuchItemException;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** {@code GET /ui/log?project=&number=}: a build's whole log as a text file to save. */
@WebServlet("/log")
public class LogDownloadServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB(lookup = Ejbs.GLOBAL + "BuildService")
    transient BuildService builds;

    @Inject
    transient LogReader reader;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String project = request.getParameter("project");
        long number;
        long buildId;
        try {
            number = Long.parseLong(request.getParameter("number"));
            buildId = builds.idOf(project, number);
        } catch (NumberFormatException e) {
            response.sendError(400, "number must be a number");
            return;
        } catch (NoSuchItemException e) {
            response.sendError(404, "no such build");
            return;
        }
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // project names are ick names (letters, digits, . _ -), safe in a header
        response.setHeader("Content-Disposition", "attachment; filename=\"" + project + "-" + number + ".log\"");
        PrintWriter out = response.getWriter();
        long offset = 0;
        while (true) {
            LogSlice slice = reader.now(buildId, offset);
            if (slice.text().isEmpty()) {
                return;
            }
            out.write(slice.text());
            offset = slice.nextOffset();
        }
    }
}

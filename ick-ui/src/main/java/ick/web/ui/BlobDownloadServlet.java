package ick.web.ui;

import ick.blob.BlobCatalog;
import ick.blob.BlobStore;
import ick.problem.InvalidInputException;
import ick.problem.NoSuchItemException;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;

/**
 * {@code GET /ui/blob?name=}: a blob as a file to save, streamed, under the UI's own login (the API wants a
 * bearer token that the browser does not have and must not see).
 */
@WebServlet("/blob")
public class BlobDownloadServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB(lookup = Ejbs.GLOBAL + "BlobCatalog")
    transient BlobCatalog catalog;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        BlobStore.Opened blob;
        try {
            blob = catalog.open(name);
        } catch (InvalidInputException e) {
            response.sendError(400, "not a blob name");
            return;
        } catch (NoSuchItemException e) {
            response.sendError(404, "no such blob");
            return;
        }
        try (blob) {
            response.setContentType("application/octet-stream");
            response.setContentLengthLong(blob.info().size());
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("ETag", "\"" + blob.info().sha256() + "\"");
            response.setHeader("Cache-Control", "private, no-cache");
            // blob names are ick names joined by '/' (letters, digits, . _ -): safe in a header once '/' is gone
            response.setHeader("Content-Disposition", "attachment; filename=\"" + name.replace('/', '_') + "\"");
            OutputStream out = response.getOutputStream();
            Channels.newInputStream(blob.channel()).transferTo(out);
        }
    }
}

package ick.client.worker;

import ick.client.http.ApiException;
import ick.client.http.BlobClient;
import ick.protocol.ActionResult;
import ick.protocol.BlobInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code archive: workspace|systree}: packs the tree as a zstd tarball (hashed while written) in the action's
 * temp directory and uploads it as the blob, resuming after broken connections.
 */
final class ArchiveAction implements Action {
    private final ActionContext context;
    private final String what;
    private final BlobClient blobs;
    private volatile boolean stopped;

    ArchiveAction(ActionContext context, String what, BlobClient blobs) {
        this.context = context;
        this.what = what;
        this.blobs = blobs;
    }

    @Override
    public ActionResult run(ActionOutput out) throws InterruptedException {
        Path tree = BlobSteps.tree(what, context);
        String name = BlobSteps.blobName(what, context);
        if (!Files.isDirectory(tree)) {
            return fail(out, "archive: there is no " + what + " to archive (" + tree + ")");
        }
        try {
            long start = System.nanoTime();
            Path tarball = context.tempDir().resolve("archive.tar.zst");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Tarball.Stats stats;
            try (OutputStream file = new DigestOutputStream(Files.newOutputStream(tarball), sha)) {
                stats = Tarball.create(tree, file);
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            out.line(String.format(Locale.ROOT, "archive: packed %s (%d files, %.1f MB) into %.1f MB", what,
                    stats.files(), stats.bytes() / 1e6, Files.size(tarball) / 1e6));
            if (stopped) {
                return new ActionResult(1, "stopped");
            }
            BlobInfo stored = blobs.put(name, tarball, hex, BlobClient.Progress.NONE);
            out.line(String.format(Locale.ROOT, "archive: stored blob %s (sha256 %s) in %.1f s", stored.name(),
                    stored.sha256(), (System.nanoTime() - start) / 1e9));
            return new ActionResult(0, null, null, java.util.Map.of(stored.name(), stored.sha256()));
        } catch (IOException | ApiException e) {
            return fail(out, "archive: cannot archive " + what + " as blob " + name + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ActionResult fail(ActionOutput out, String message) {
        out.line(message);
        return new ActionResult(1, message);
    }

    @Override
    public void stop() {
        stopped = true;
    }
}

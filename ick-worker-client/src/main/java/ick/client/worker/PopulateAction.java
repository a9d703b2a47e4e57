package ick.client.worker;

import ick.client.http.ApiException;
import ick.client.http.BlobClient;
import ick.protocol.ActionResult;
import ick.protocol.BlobInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code populate: workspace|systree}: replaces the tree with the blob's content. A missing workspace blob
 * means "start from an empty workspace" (the first build of a project that reuses its workspace), not a
 * failure; a missing system tree is a failure. System trees are cached on the worker by digest
 * ({@code .systree-cache/SHA256}), so a tree is downloaded once, then copied locally for each use. A blob
 * whose digest the work item pins ({@link ick.protocol.WorkItem#pins()}) must have it: a system tree or a named
 * workspace that differs fails the action (and a cached tree is only ever that of the pinned digest); the
 * project's own reused workspace that differs is not used (an empty workspace instead).
 */
final class PopulateAction implements Action {
    private final ActionContext context;
    private final String what;
    private final BlobClient blobs;

    PopulateAction(ActionContext context, String what, BlobClient blobs) {
        this.context = context;
        this.what = what;
        this.blobs = blobs;
    }

    @Override
    public ActionResult run(ActionOutput out) throws InterruptedException {
        String name = BlobSteps.blobName(what, context);
        Path tree = BlobSteps.tree(what, context);
        long start = System.nanoTime();
        try {
            if (BlobSteps.SYSTREE.equals(what)) {
                try (SystreeCache systrees = SystreeCache.of(context, out)) {
                    return populateSystree(name, tree, out, start, systrees);
                }
            }
            Path tarball = context.tempDir().resolve("populate.tar.zst");
            Optional<BlobInfo> got = blobs.get(name, tarball, BlobClient.Progress.NONE);
            FileTrees.empty(tree);
            if (got.isEmpty()) {
                out.line("populate: no blob " + name + " yet: starting from an empty workspace");
                return new ActionResult(0, null);
            }
            String archived = context.item().pinned().get(name);
            if (archived != null && !archived.equals(got.get().sha256())) {
                if (BlobSteps.isNamed(context)) {
                    return notAsPinned(out, name, got.get().sha256(), archived);
                }
                // another client wrote it since the project's last good build: its content is nobody's to trust
                out.line("populate: blob " + name + " is not the workspace the project's last successful build"
                        + " archived (sha256 " + got.get().sha256() + ", archived " + archived + "): it was written"
                        + " again since; starting from an empty workspace");
                return new ActionResult(0, null);
            }
            try (InputStream in = Files.newInputStream(tarball)) {
                Tarball.extract(in, tree);
            }
            out.line(String.format(Locale.ROOT, "populate: workspace from blob %s (%.1f MB, sha256 %s) in %.1f s",
                    name, got.get().size() / 1e6, got.get().sha256(), (System.nanoTime() - start) / 1e9));
            return new ActionResult(0, null);
        } catch (IOException | ApiException e) {
            String message = "populate: cannot populate " + what + " from blob " + name + ": " + e.getMessage();
            out.line(message);
            return new ActionResult(1, message);
        }
    }

    private ActionResult populateSystree(String name, Path tree, ActionOutput out, long start, SystreeCache systrees)
            throws IOException, InterruptedException {
        Optional<BlobInfo> info = blobs.info(name);
        if (info.isEmpty()) {
            String message = "populate: no blob " + name + ": make the system tree first (action: debootstrap,"
                    + " then archive: systree)";
            out.line(message);
            return new ActionResult(1, message);
        }
        String pinned = context.item().pinned().get(name);
        if (pinned != null && !pinned.equals(info.get().sha256())) {
            return notAsPinned(out, name, info.get().sha256(), pinned);
        }
        Path cached = systrees.use(info.get().sha256()); // the pinned digest, if there is a pin
        if (Files.isDirectory(cached)) {
            out.line("populate: system tree " + name + " is cached on this worker (sha256 " + info.get().sha256() + ")");
        } else {
            Path tarball = context.tempDir().resolve("systree.tar.zst");
            BlobInfo got = blobs.get(name, tarball, BlobClient.Progress.NONE).orElseThrow(
                    () -> new IOException("blob " + name + " disappeared"));
            if (pinned != null && !pinned.equals(got.sha256())) { // written again since the HEAD
                return notAsPinned(out, name, got.sha256(), pinned);
            }
            cached = systrees.use(got.sha256());
            systrees.add(got.sha256(), unpacking -> {
                try (InputStream in = Files.newInputStream(tarball)) {
                    Tarball.extract(in, unpacking);
                }
            });
            out.line(String.format(Locale.ROOT, "populate: downloaded system tree %s (%.1f MB) into the cache",
                    name, got.size() / 1e6));
        }
        FileTrees.delete(tree);
        Files.createDirectories(tree.getParent());
        Process copy = new ProcessBuilder("cp", "-a", "--reflink=auto", cached.toString(), tree.toString())
                .redirectErrorStream(true).start();
        String text = new String(copy.getInputStream().readAllBytes());
        if (copy.waitFor() != 0) {
            throw new IOException("cp -a failed: " + text.strip());
        }
        out.line(String.format(Locale.ROOT, "populate: system tree ready in %s (%.1f s)", tree,
                (System.nanoTime() - start) / 1e9));
        return new ActionResult(0, null);
    }

    /**
     * The blob is not the one its pin names: the tree its own build archived under that name, else the one that
     * the last successful archive of it stored, or that an admin put. Any client that may write blobs can write
     * the name: another build that archives it (of this project or another), and repository code on an ordinary
     * worker too. So a named hand-off (unlike the project's own reused workspace, a cache) fails.
     */
    private static ActionResult notAsPinned(ActionOutput out, String name, String actual, String pinned) {
        String message = "populate: blob " + name + " is not as pinned (sha256 " + actual + ", pinned " + pinned
                + ": as this build archived it, else as the last build that archived it stored it or an admin put it):"
                + " it was written again since, by another build (of this project, say) or another client, and it is"
                + " not used; builds that hand a blob on by a fixed name must not overlap: build again when no other"
                + " build that archives this name is running (or have an admin put the blob to use)";
        out.line(message);
        return new ActionResult(1, message);
    }

    @Override
    public void stop() {
        // downloads and unpacking end by themselves; the worker reports the stop
    }
}

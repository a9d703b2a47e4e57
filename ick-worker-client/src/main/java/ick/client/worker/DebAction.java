package ick.client.worker;

import ick.client.http.ApiException;
import ick.protocol.ActionResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code action: deb}: builds the Debian source package in the workspace directory {@code source} (default
 * {@code src}) in containers of the project's system tree (made by {@code action: debootstrap} with
 * build-essential and devscripts, or {@code populate: systree}), then stores the results as blobs.
 * <ol>
 * <li>In a privileged container with the network: {@code apt-get update} and {@code apt-get build-dep} of
 *     {@code debian/control}, from the tree's own apt sources (the mirror debootstrap used).</li>
 * <li>In a container whose tree is read-only, with the network only if the step says {@code network: true}:
 *     for a CI build, {@code dch} adds the changelog entry of its version ({@link DebVersions}); for a
 *     {@code 3.0 (quilt)} source without its {@code .orig} tarball, one is made from the tree; then
 *     {@code dpkg-buildpackage -us -uc -i -I}, a full (source and binary) unsigned build whose source
 *     leaves out VCS files ({@code .git}). The changelog is put back afterwards, so that a reused workspace
 *     does not stack CI entries, as a new file in place of whatever the build left there (never through a
 *     symbolic link).</li>
 * <li>Each file of the build's {@code .changes}, then the {@code .changes}, is stored as blob
 *     {@code debs/PROJECT/BUILD_NUMBER/FILE}; last, blob {@code debs/PROJECT/BUILD_NUMBER/files} lists them
 *     one per line, the {@code .changes} first (so a reader that finds {@code files} finds them all). What is
 *     stored are copies of regular files only, checked against the {@code .changes} ({@link DebResults}).</li>
 * </ol>
 * Output of both containers streams to the action's output as it comes; {@link #stop} ends the running one.
 */
final class DebAction implements Action {
    static final String DEFAULT_SOURCE = "src";

    /** Where the results go: {@link ick.client.http.BlobClient#put} on a worker. */
    interface Uploads {
        /** Stores {@code file} as blob {@code blobName}; returns the SHA-256 (hex) the controller stored. */
        String put(String blobName, Path file) throws IOException, InterruptedException;
    }

    private final ActionContext context;
    private final Uploads uploads;
    private Action running;
    private boolean stopped;

    DebAction(ActionContext context, Uploads uploads) {
        this.context = context;
        this.uploads = uploads;
    }

    @Override
    public ActionResult run(ActionOutput out) throws InterruptedException {
        Map<String, Object> step = context.item().step();
        String source = step.get("source") instanceof String s ? s : DEFAULT_SOURCE;
        if (!isPlainRelativePath(source)) {
            return fail(out, "deb: source: must be a directory inside the workspace, not \"" + source + "\"");
        }
        Path dir = context.workspace().resolve(source);
        Path changelog = dir.resolve("debian/changelog");
        if (!Files.isDirectory(dir.resolve("debian"))) {
            return fail(out, "deb: there is no debian/ directory in " + source + " (the workspace's " + dir
                    + "); source: names the directory of the workspace that holds debian/ (default "
                    + DEFAULT_SOURCE + ")");
        }
        if (!Files.isRegularFile(changelog)) {
            return fail(out, "deb: there is no debian/changelog in " + source);
        }
        try {
            // the tree comes from a repository: a symbolic link must not lead the host side out of the workspace
            Path root = context.workspace().toRealPath();
            if (!dir.getParent().toRealPath().startsWith(root) || !changelog.toRealPath().startsWith(root)) {
                return fail(out, "deb: " + source + "/debian/changelog is a symbolic link out of the workspace");
            }
            byte[] original = Files.readAllBytes(changelog);
            DebVersions.Plan plan = DebVersions.plan(DebVersions.topEntry(new String(original,
                            StandardCharsets.UTF_8)), context.parameter("git_ref"),
                    context.item().buildNumber());
            Sandbox install = Sandbox.container(context, true, Sandbox.Tree.PRIVILEGED);
            if (install.problem() != null) {
                return fail(out, "deb: " + install.problem().replace("where: container", "action: deb"));
            }
            if (!runsAsRoot()) {
                return fail(out, "deb: the worker must run as root to install build-dependencies in the system tree");
            }
            out.line("deb: building " + plan.source() + " " + plan.version() + " from " + source + " ("
                    + (plan.ci() ? "CI build " + context.item().buildNumber() : "release") + ")");
            Path tree = dir.toRealPath();
            Path results = dir.getParent().toRealPath();
            ActionResult built;
            try {
                built = build(source, plan, install, results, out);
            } finally {
                if (plan.ci()) {
                    putBack(changelog, original, tree, source); // a reused workspace must not stack CI entries
                }
            }
            if (built != null) {
                return built;
            }
            if (!dir.getParent().toRealPath().equals(results)) {
                return fail(out, "deb: the build replaced the directory of its results, " + dir.getParent()
                        + ", by a symbolic link: nothing is uploaded");
            }
            return upload(results, plan, out);
        } catch (IllegalArgumentException e) {
            return fail(out, "deb: " + e.getMessage());
        } catch (IOException | ApiException e) {
            return fail(out, "deb: " + e.getMessage());
        }
    }

    /** Runs both containers; the failure, or null when the package is built. */
    private ActionResult build(String source, DebVersions.Plan plan, Sandbox install, Path results,
                               ActionOutput out) throws IOException, InterruptedException {
        String cd = "cd " + Sandbox.INSIDE_WORKSPACE + "/" + source + "\n";
        ActionResult deps = phase(ScriptAction.shell(cd + """
                export DEBIAN_FRONTEND=noninteractive
                dpkg --configure -a  # finishes what a stopped build's install left half done
                apt-get update
                apt-get build-dep --yes --no-install-recommends ./
                """, context, install), out);
        if (deps.exitCode() != 0) {
            return fail(out, deps, "deb: installing the build-dependencies of " + source
                    + "/debian/control failed (exit " + deps.exitCode() + ")");
        }
        DebResults.forgetEarlier(results, plan);
        String upstream = plan.source() + "_" + plan.version().upstream();
        String script = cd + (plan.ci() ? "dch --maintmaint --newversion '" + plan.version() + "' --distribution ci"
                + " --force-distribution 'ick CI build " + context.item().buildNumber() + "'\n" : "") + """
                if grep -qs quilt debian/source/format && ! ls ../'%s'.orig.tar.* >/dev/null 2>&1; then
                    tar --create --xz --file ../'%s.orig.tar.xz' --exclude=./debian --exclude-vcs .
                fi
                dpkg-buildpackage -us -uc -i -I
                """.formatted(upstream, upstream);
        boolean network = Boolean.TRUE.equals(context.item().step().get("network"));
        ActionResult build = phase(ScriptAction.shell(script, context,
                Sandbox.container(context, network, Sandbox.Tree.READ_ONLY)), out);
        if (build.exitCode() != 0) {
            return fail(out, build, "deb: dpkg-buildpackage failed (exit " + build.exitCode() + ")");
        }
        return null;
    }

    /**
     * Puts the changelog back after the build, which ran the repository's code and so may have left a
     * symbolic link to a host file in its place, or in place of {@code debian/}: neither is followed.
     */
    private static void putBack(Path changelog, byte[] original, Path tree, String source) throws IOException {
        Path debian = changelog.getParent();
        if (!Files.isDirectory(debian, LinkOption.NOFOLLOW_LINKS) || !debian.toRealPath().startsWith(tree)) {
            throw new IOException("the build replaced " + source + "/debian by a symbolic link or a file:"
                    + " the changelog is not put back");
        }
        Files.deleteIfExists(changelog);
        Files.write(changelog, original, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** Uploads copies of the results, checked against the .changes (see {@link DebResults}). */
    private ActionResult upload(Path results, DebVersions.Plan plan, ActionOutput out)
            throws IOException, InterruptedException {
        Path checked = Files.createDirectories(context.tempDir().resolve("debs"));
        Path changes = DebResults.copy(DebResults.changes(results, plan), checked);
        List<DebResults.Listed> listed = DebResults.files(changes, results);
        List<Path> copies = new ArrayList<>();
        for (DebResults.Listed file : listed) {
            copies.add(DebResults.copy(results, file, checked));
        }
        List<String> files = DebResults.names(changes, listed);
        String prefix = "debs/" + context.item().project() + "/" + context.item().buildNumber() + "/";
        Map<String, String> stored = new LinkedHashMap<>(); // the result vouches for them: publish_debs gets them pinned
        for (Path copy : copies) {
            if (isStopped()) {
                return new ActionResult(1, "stopped");
            }
            stored.put(prefix + copy.getFileName(), uploads.put(prefix + copy.getFileName(), copy));
        }
        stored.put(prefix + files.get(0), uploads.put(prefix + files.get(0), changes));
        Path list = Files.writeString(context.tempDir().resolve("files"), String.join("\n", files) + "\n");
        stored.put(prefix + "files", uploads.put(prefix + "files", list));
        out.line("deb: stored " + files.size() + " files as blobs " + prefix + "{" + String.join(",", files)
                + "}, listed in blob " + prefix + "files");
        return new ActionResult(0, null, null, stored);
    }

    /** Runs one container to its end, unless the action is stopped. */
    private ActionResult phase(ScriptAction action, ActionOutput out) throws InterruptedException {
        synchronized (this) {
            if (stopped) {
                return new ActionResult(1, "stopped");
            }
            running = action;
        }
        try {
            return action.run(out);
        } finally {
            synchronized (this) {
                running = null;
            }
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    @Override
    public void stop() {
        Action current;
        synchronized (this) {
            stopped = true;
            current = running;
        }
        if (current != null) {
            current.stop();
        }
    }

    private static boolean isPlainRelativePath(String path) {
        for (String segment : path.split("/", -1)) {
            if (!segment.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
                return false;
            }
        }
        return true;
    }

    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private ActionResult fail(ActionOutput out, ActionResult phase, String message) {
        if (isStopped() || "stopped".equals(phase.message())) {
            return new ActionResult(phase.exitCode(), "stopped");
        }
        out.line(message);
        return new ActionResult(phase.exitCode(), message);
    }

    private static ActionResult fail(ActionOutput out, String message) {
        out.line(message);
        return new ActionResult(1, message);
    }
}

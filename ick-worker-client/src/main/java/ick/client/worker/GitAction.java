package ick.client.worker;

import ick.protocol.ActionResult;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code action: git}: puts the commit named by {@code git_ref} of the repository at {@code git_url} in
 * {@code git_dir} (default {@code src}) inside the workspace, with JGit. The directory is cloned if absent,
 * else fetched; the result is a detached checkout of the resolved commit. Without {@code git_ref} the branch
 * is {@code main}, or {@code master} if there is no {@code main}. Says in the output what it did.
 */
final class GitAction implements Action {
    private static final String REMOTE = "origin";

    private final ActionContext context;
    private volatile boolean stopped;

    GitAction(ActionContext context) {
        this.context = context;
    }

    @Override
    public ActionResult run(ActionOutput out) {
        String url = context.parameter("git_url");
        String ref = context.parameter("git_ref");
        String dirName = context.parameter("git_dir") == null ? "src" : context.parameter("git_dir");
        if (url == null || url.isBlank()) {
            return fail(out, "the parameter git_url is not set (the pipeline must accept it and the project give it)");
        }
        Path workspace = context.workspace().toAbsolutePath().normalize();
        Path dir = workspace.resolve(dirName).normalize();
        if (!dir.startsWith(workspace) || dir.equals(workspace)) {
            return fail(out, "git_dir \"" + dirName + "\" must be a directory inside the workspace");
        }
        try {
            boolean fresh = !Files.exists(dir.resolve(".git"));
            if (fresh && Files.isDirectory(dir) && !isEmpty(dir)) {
                return fail(out, dir + " exists and is not a git repository; empty the workspace (create_workspace)");
            }
            out.line((fresh ? "git: cloning " + url + " into " : "git: fetching " + url + " in ") + dirName);
            try (Git git = fresh ? Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()
                    : Git.open(dir.toFile())) {
                fetch(git, url);
                String wanted = ref != null ? ref : hasBranch(git.getRepository(), "main") ? "main" : "master";
                ObjectId commit = resolve(git.getRepository(), wanted);
                if (commit == null) {
                    return fail(out, "no branch, tag or commit \"" + wanted + "\" in " + url);
                }
                git.checkout().setName(commit.name()).setForced(true).call();
                out.line("git: " + dirName + " is at " + wanted + ", commit " + commit.name());
                return new ActionResult(0, null);
            }
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (stopped) {
                return fail(out, "stopped");
            }
            return fail(out, "failed for " + url + ": " + describe(e));
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    private void fetch(Git git, String url) throws IOException, GitAPIException {
        StoredConfig config = git.getRepository().getConfig();
        config.setString("remote", REMOTE, "url", url); // git_url may have changed since the last build
        config.save();
        git.fetch().setRemote(REMOTE)
                .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/" + REMOTE + "/*"),
                        new RefSpec("+refs/tags/*:refs/tags/*"))
                .setRemoveDeletedRefs(true)
                .setProgressMonitor(new Cancellable())
                .call();
    }

    private static boolean hasBranch(Repository repo, String branch) throws IOException {
        return repo.exactRef("refs/remotes/" + REMOTE + "/" + branch) != null;
    }

    /** A branch of the remote, a tag, or a commit id (full or abbreviated). */
    private static ObjectId resolve(Repository repo, String ref) throws IOException {
        for (String candidate : new String[]{"refs/remotes/" + REMOTE + "/" + ref, Constants.R_TAGS + ref}) {
            if (repo.exactRef(candidate) != null) {
                return repo.resolve(candidate + "^{commit}");
            }
        }
        if (ref.matches("[0-9a-fA-F]{4,64}")) {
            try {
                return repo.resolve(ref + "^{commit}");
            } catch (RuntimeException | IOException notACommit) {
                return null;
            }
        }
        return null;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static ActionResult fail(ActionOutput out, String why) {
        String message = "git: " + why;
        out.line(message);
        return new ActionResult(1, message);
    }

    private static String describe(Exception e) {
        if (e instanceof RepositoryNotFoundException) {
            return "no git repository there";
        }
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    /** Lets {@link #stop()} cut a long fetch short. */
    private final class Cancellable implements ProgressMonitor {
        @Override
        public void start(int totalTasks) {
        }

        @Override
        public void beginTask(String title, int totalWork) {
        }

        @Override
        public void update(int completed) {
        }

        @Override
        public void endTask() {
        }

        @Override
        public boolean isCancelled() {
            return stopped;
        }

        @Override
        public void showDuration(boolean enabled) {
        }
    }
}

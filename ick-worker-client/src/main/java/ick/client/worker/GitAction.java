package ick.client.worker;

import ick.protocol.ActionResult;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * {@code action: git}: puts the commit named by {@code git_ref} of the repository at {@code git_url} in
 * {@code git_dir} (default {@code src}) inside the workspace, with JGit. The directory is cloned if absent,
 * else fetched; the result is a detached checkout of the resolved commit. Without {@code git_ref} the branch
 * is {@code main}, or {@code master} if there is no {@code main}; {@code git_ref} is a branch, a tag, a full ref
 * ({@code refs/heads/X}, {@code refs/tags/X}) or a commit id. Says in the output what it did.
 *
 * <p>On a trusted worker: {@code ssh_key} names the secret key to fetch with over SSH ({@link GitSsh}), and a
 * tag is checked out only once its PGP signature verifies against the {@code release_keyring} secret
 * ({@link ReleaseTags}); a verified release tag's object is kept as blob {@code release-tag/PROJECT/NUMBER}, for
 * {@code publish_debs} to check again.
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
        String keyName = context.parameter("ssh_key");
        GitSsh ssh = null;
        try {
            if (keyName != null && !context.trusted()) {
                return fail(out, "ssh_key names a secret, and only trusted workers hold secrets: put this git action"
                        + " in a pipeline with \"trusted: true\"");
            }
            if (keyName != null && GitSsh.isSsh(url)) {
                Path key = context.secrets().file("ssh_key", keyName);
                ssh = GitSsh.withKey(key, GitSsh.knownHosts(context.secrets().dir()), context.tempDir());
                out.line("git: over SSH with the secret key " + ReleaseTags.quote(keyName));
            } else if (keyName != null) {
                out.line("git: " + url + " is not an SSH URL; ssh_key is not used");
            }
            if (!staysInside(dir, workspace)) {
                return fail(out, dir + " is a symbolic link out of the workspace; empty the workspace"
                        + " (create_workspace)");
            }
            Path gitDir = dir.resolve(Constants.DOT_GIT);
            boolean fresh = !Files.exists(gitDir, LinkOption.NOFOLLOW_LINKS);
            if (fresh && Files.isDirectory(dir) && !isEmpty(dir)) {
                return fail(out, dir + " exists and is not a git repository; empty the workspace (create_workspace)");
            }
            if (!fresh) {
                // A reused workspace's .git is not the worker's: the repository's own code may have written it (a
                // where: container step, a workspace archived by an ordinary worker), and JGit trusts much of it:
                // a config's filters, worktree or insteadOf, a hook, a symbolic ref that points out of the
                // repository, even a loose object whose content no longer matches its id. So none of it is kept:
                // a new .git, a fetch of every object, and a forced checkout over the files already there.
                FileTrees.delete(gitDir);
            }
            out.line((fresh ? "git: cloning " + url + " into " : "git: fetching " + url + " again, into a new .git, in ")
                    + dirName);
            try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
                fetch(git, url, ssh);
                String wanted = ref != null ? ref : hasBranch(git.getRepository(), "main") ? "main" : "master";
                Resolved resolved = resolve(git.getRepository(), wanted);
                if (resolved == null) {
                    return fail(out, "no branch, tag or commit \"" + wanted + "\" in " + url);
                }
                ObjectId commit = resolved.commit();
                if (context.trusted() && resolved.tagRef() != null) {
                    verifyTag(git.getRepository(), resolved.tagRef(), out);
                }
                git.checkout().setName(commit.name()).setForced(true).call();
                out.line("git: " + dirName + " is at " + wanted + ", commit " + commit.name());
                return new ActionResult(0, null);
            }
        } catch (Secrets.SecretException | ReleaseTags.TagException e) {
            return fail(out, e.getMessage());
        } catch (GitAPIException | IOException | RuntimeException e) {
            if (stopped) {
                return fail(out, "stopped");
            }
            String why = describe(e);
            if (ssh != null && why.contains("Server key did not validate")) {
                why += " (the server's host key is not in " + GitSsh.knownHosts(context.secrets().dir())
                        + ": add it there, checked by hand, e.g. from ssh-keyscan)";
            }
            return fail(out, "failed for " + url + ": " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(out, "stopped");
        } finally {
            if (ssh != null) {
                ssh.close();
            }
        }
    }

    /**
     * A trusted worker builds a tag only once its signature verifies against {@code release_keyring}; a release
     * tag's object is then kept as a blob, the evidence {@code publish_debs} checks again.
     */
    private void verifyTag(Repository repo, String tagRef, ActionOutput out)
            throws Secrets.SecretException, ReleaseTags.TagException, IOException, InterruptedException {
        String name = tagRef.substring(Constants.R_TAGS.length());
        String keyringName = context.parameter("release_keyring");
        if (keyringName == null) {
            throw new ReleaseTags.TagException("tag " + name + " cannot be verified: a trusted worker builds a tag"
                    + " only once its signature verifies against the maintainers' keyring; give the parameter"
                    + " release_keyring (the name of that secret)");
        }
        Path keyring = context.secrets().file("release_keyring", keyringName);
        ReleaseTags.Verified verified = ReleaseTags.verify(repo, tagRef, keyring, keyringName, context.tempDir());
        out.line("git: tag " + name + " is signed by key " + verified.fingerprint() + " of release_keyring "
                + ReleaseTags.quote(keyringName));
        if (ReleaseTags.isRelease(tagRef) && context.controller() != null) {
            String blob = evidenceBlob(context.item().project(), context.item().buildNumber());
            Path file = Files.write(context.tempDir().resolve("release-tag"), verified.object());
            BlobActions.client(context).put(blob, file, null, ick.client.http.BlobClient.Progress.NONE);
            out.line("git: kept the signed tag object as blob " + blob);
        }
    }

    /** The blob of a build's verified release tag object. */
    static String evidenceBlob(String project, long buildNumber) {
        return "release-tag/" + project + "/" + buildNumber;
    }

    @Override
    public void stop() {
        stopped = true;
    }

    private void fetch(Git git, String url, GitSsh ssh) throws IOException, GitAPIException {
        StoredConfig config = git.getRepository().getConfig();
        config.setString("remote", REMOTE, "url", url);
        // no gc after the fetch, and none in the background: even one that finds nothing to do locks gc.log on
        // its thread, racing the next action's delete of this .git (made anew at each action)
        config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
        config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
        config.setString("remote", REMOTE, "fetch", "+refs/heads/*:refs/remotes/" + REMOTE + "/*");
        config.save();
        git.fetch().setRemote(REMOTE)
                .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/" + REMOTE + "/*"),
                        new RefSpec("+refs/tags/*:refs/tags/*"))
                .setRemoveDeletedRefs(true)
                .setProgressMonitor(new Cancellable())
                .setTransportConfigCallback(ssh)
                .call();
    }

    /** Whether {@code dir}, or what of it exists, is in the workspace once symbolic links are followed. */
    private static boolean staysInside(Path dir, Path workspace) throws IOException {
        Path existing = dir;
        while (!existing.equals(workspace) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (!Files.exists(existing)) { // the workspace not made yet, or a dangling link
            return !Files.isSymbolicLink(existing);
        }
        return existing.toRealPath().startsWith(Files.exists(workspace) ? workspace.toRealPath() : workspace);
    }

    private static boolean hasBranch(Repository repo, String branch) throws IOException {
        return repo.exactRef("refs/remotes/" + REMOTE + "/" + branch) != null;
    }

    /** The commit to check out, and the tag ({@code refs/tags/NAME}) it was found through, if any. */
    private record Resolved(ObjectId commit, String tagRef) {
    }

    /** A branch of the remote, a tag, a full ref ({@code refs/heads/X}, {@code refs/tags/X}) or a commit id. */
    private static Resolved resolve(Repository repo, String ref) throws IOException {
        String[] candidates = ref.startsWith(Constants.R_HEADS)
                ? new String[]{"refs/remotes/" + REMOTE + "/" + ref.substring(Constants.R_HEADS.length())}
                : ref.startsWith(Constants.R_TAGS) ? new String[]{ref}
                : ref.startsWith(Constants.R_REFS) ? new String[0]
                : new String[]{"refs/remotes/" + REMOTE + "/" + ref, Constants.R_TAGS + ref};
        for (String candidate : candidates) {
            if (repo.exactRef(candidate) != null) {
                ObjectId commit = repo.resolve(candidate + "^{commit}");
                return commit == null ? null
                        : new Resolved(commit, candidate.startsWith(Constants.R_TAGS) ? candidate : null);
            }
        }
        if (ref.matches("[0-9a-fA-F]{4,64}")) {
            try {
                ObjectId commit = repo.resolve(ref + "^{commit}");
                return commit == null ? null : new Resolved(commit, null);
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

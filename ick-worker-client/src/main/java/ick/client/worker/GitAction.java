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
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.stream.Stream;

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
    /** What the top of a {@code .git} made by JGit's init, fetch and checkout holds; the rest is removed. */
    private static final Set<String> CLONE_ENTRIES = Set.of(Constants.HEAD, Constants.CONFIG, "objects", "refs",
            Constants.PACKED_REFS, "logs", "index", Constants.FETCH_HEAD, Constants.ORIG_HEAD, "description",
            "branches");
    /** A repository's config as JGit's init writes it; {@link #fetch} adds the remote. */
    private static final String CLEAN_CONFIG = """
            [core]
            \trepositoryformatversion = 0
            \tfilemode = true
            \tbare = false
            \tlogallrefupdates = true
            """;

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
            if (!fresh && !distrust(gitDir)) {
                return fail(out, gitDir + " is not a plain git directory (a file, or symbolic links in it); empty"
                        + " the workspace (create_workspace)");
            }
            out.line((fresh ? "git: cloning " + url + " into " : "git: fetching " + url + " in ") + dirName);
            try (Git git = fresh ? Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()
                    : Git.wrap(new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setWorkTree(dir.toFile())
                    .setMustExist(true).build())) {
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
        // git_url may have changed since the last build; an existing config was just written anew (distrust), so
        // the remote is the action's git_url and nothing of the workspace's config rewrites it
        config.setString("remote", REMOTE, "url", url);
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

    /**
     * Makes an existing {@code .git} hold only what ick's clone holds, before JGit reads any of it. The workspace
     * may have been written by the repository's own code (a {@code where: container} step, a workspace from
     * a blob archived by an ordinary worker), and JGit honours much of a repository's own metadata: a
     * {@code filter.X.smudge} or {@code process} of {@code .git/config} named by {@code .git/info/attributes}
     * runs a command at checkout, {@code core.worktree} moves the checkout anywhere, {@code url.X.insteadOf},
     * {@code http.sslVerify} or {@code core.sshCommand} redirect the fetch (with a trusted worker's SSH key),
     * {@code objects/info/alternates} or a symbolic link reads or writes objects outside. So: no symbolic link
     * anywhere in it, only the entries a clone has at its top (no {@code hooks}, {@code info}, {@code commondir}
     * ...), no alternates, and a config written anew with only what ick sets ({@link #fetch} adds the remote);
     * the repository is then opened with its git and work directories given, not read from the config.
     * False when it is not a directory, or holds a symbolic link.
     */
    static boolean distrust(Path gitDir) throws IOException {
        if (!Files.isDirectory(gitDir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> all = Files.walk(gitDir)) { // does not follow links
            if (all.anyMatch(Files::isSymbolicLink)) {
                return false;
            }
        }
        try (Stream<Path> entries = Files.list(gitDir)) {
            for (Path entry : entries.toList()) {
                if (!CLONE_ENTRIES.contains(entry.getFileName().toString())) {
                    FileUtils.delete(entry.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
                }
            }
        }
        Files.deleteIfExists(gitDir.resolve("objects/info/alternates"));
        Files.deleteIfExists(gitDir.resolve("objects/info/http-alternates"));
        Path config = gitDir.resolve(Constants.CONFIG);
        Files.deleteIfExists(config);
        Files.writeString(config, CLEAN_CONFIG, StandardOpenOption.CREATE_NEW);
        return true;
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

package ick.client.worker;

import ick.protocol.ActionResult;
import ick.protocol.WorkItem;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GitActionTest {
    @TempDir
    Path dir;

    @Test
    void clonesWhenAbsentThenFetchesTheNewCommitOnTheNextRun() throws Exception {
        Path origin = dir.resolve("origin");
        RevCommit first;
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            first = commit(git, "README", "first\n");
        }

        StringBuilder out = new StringBuilder();
        ActionResult cloned = new GitAction(context(Map.of("git_url", origin.toString()))).run(out::append);

        assertThat(cloned.exitCode()).isZero();
        assertThat(workspace().resolve("src/README")).hasContent("first");
        assertThat(out).contains("git: cloning " + origin + " into src", "commit " + first.name());

        RevCommit second;
        try (Git git = Git.open(origin.toFile())) {
            second = commit(git, "README", "second\n");
        }
        StringBuilder again = new StringBuilder();
        ActionResult fetched = new GitAction(context(Map.of("git_url", origin.toString()))).run(again::append);

        assertThat(fetched.exitCode()).isZero();
        assertThat(workspace().resolve("src/README")).hasContent("second");
        assertThat(again).contains("git: fetching " + origin + " again, into a new .git, in src",
                "at main, commit " + second.name());
    }

    @Test
    void checksOutATagOrACommitIntoGitDir() throws Exception {
        Path origin = dir.resolve("origin");
        RevCommit tagged;
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            tagged = commit(git, "VERSION", "1.0\n");
            git.tag().setName("v1.0").setObjectId(tagged).setAnnotated(true).setMessage("release").call();
            commit(git, "VERSION", "2.0-dev\n");
        }

        ActionResult byTag = new GitAction(context(Map.of("git_url", origin.toString(), "git_ref", "v1.0",
                "git_dir", "code"))).run(text -> { });
        assertThat(byTag.exitCode()).isZero();
        assertThat(workspace().resolve("code/VERSION")).hasContent("1.0");

        ActionResult byCommit = new GitAction(context(Map.of("git_url", origin.toString(),
                "git_ref", tagged.name().substring(0, 10), "git_dir", "other"))).run(text -> { });
        assertThat(byCommit.exitCode()).isZero();
        assertThat(workspace().resolve("other/VERSION")).hasContent("1.0");
    }

    @Test
    void withoutGitRefTakesMasterWhenThereIsNoMain() throws Exception {
        Path origin = dir.resolve("old");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("master").call()) {
            commit(git, "file", "on master\n");
        }

        StringBuilder out = new StringBuilder();
        ActionResult result = new GitAction(context(Map.of("git_url", origin.toString()))).run(out::append);

        assertThat(result.exitCode()).isZero();
        assertThat(workspace().resolve("src/file")).hasContent("on master");
        assertThat(out).contains("at master, commit");
    }

    @Test
    void unknownRefMissingUrlAndBadRepositoryFailWithExitCode1AndAReason() throws Exception {
        Path origin = dir.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            commit(git, "file", "x\n");
        }

        ActionResult noRef = new GitAction(context(Map.of("git_url", origin.toString(), "git_ref", "nope")))
                .run(text -> { });
        assertThat(noRef).isEqualTo(new ActionResult(1, "git: no branch, tag or commit \"nope\" in " + origin));

        ActionResult noUrl = new GitAction(context(Map.of())).run(text -> { });
        assertThat(noUrl.exitCode()).isEqualTo(1);
        assertThat(noUrl.message()).contains("git_url is not set");

        ActionResult noRepo = new GitAction(context(Map.of("git_url", dir.resolve("missing").toString(),
                "git_dir", "elsewhere"))).run(text -> { });
        assertThat(noRepo.exitCode()).isEqualTo(1);
        assertThat(noRepo.message()).startsWith("git: failed for " + dir.resolve("missing"));

        ActionResult escape = new GitAction(context(Map.of("git_url", origin.toString(), "git_dir", "../out")))
                .run(text -> { });
        assertThat(escape.exitCode()).isEqualTo(1);
        assertThat(escape.message()).contains("inside the workspace");
    }

    /**
     * A reused workspace may have been written by the repository's own code (a {@code where: container} step, or
     * a workspace archived by an ordinary worker): a filter its {@code .git/config} defines and its
     * {@code .git/info/attributes} applies must not run at the next checkout, nor a hook.
     */
    @Test
    void aReusedClonesOwnFilterAndHooksRunNoCommand() throws Exception {
        Path origin = dir.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            commit(git, "README", "one\n");
        }
        assertThat(new GitAction(context(Map.of("git_url", origin.toString()))).run(text -> { }).exitCode()).isZero();
        Path marker = dir.resolve("ran-repository-code");
        Path gitDir = workspace().resolve("src/.git");
        Files.writeString(gitDir.resolve("config"), "[filter \"x\"]\n\tsmudge = touch " + marker + "; cat\n"
                + "\tprocess = touch " + marker + "\n[core]\n\thooksPath = hooks\n", StandardOpenOption.APPEND);
        Files.createDirectories(gitDir.resolve("info"));
        Files.writeString(gitDir.resolve("info/attributes"), "* filter=x\n");
        Files.createDirectories(gitDir.resolve("hooks"));
        Files.writeString(gitDir.resolve("hooks/post-checkout"), "#!/bin/sh\ntouch " + marker + "\n");
        gitDir.resolve("hooks/post-checkout").toFile().setExecutable(true);
        try (Git git = Git.open(origin.toFile())) {
            commit(git, "README", "two\n");
        }

        StringBuilder out = new StringBuilder();
        ActionResult again = new GitAction(context(Map.of("git_url", origin.toString()))).run(out::append);

        assertThat(again.exitCode()).as(out.toString()).isZero();
        assertThat(workspace().resolve("src/README")).hasContent("two");
        assertThat(marker).doesNotExist();
        assertThat(gitDir.resolve("info/attributes")).doesNotExist();
        assertThat(gitDir.resolve("hooks/post-checkout")).doesNotExist();
        assertThat(Files.readString(gitDir.resolve("config"))).doesNotContain("filter", "hooksPath");
    }

    /** A reused clone's config cannot send the fetch elsewhere, nor the checkout out of git_dir. */
    @Test
    void aReusedCloneFetchesGitUrlAndChecksOutInGitDirWhateverItsConfigSays() throws Exception {
        Path origin = dir.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            commit(git, "README", "genuine\n");
        }
        Path impostor = dir.resolve("impostor");
        try (Git git = Git.init().setDirectory(impostor.toFile()).setInitialBranch("main").call()) {
            commit(git, "README", "impostor\n");
        }
        assertThat(new GitAction(context(Map.of("git_url", origin.toString()))).run(text -> { }).exitCode()).isZero();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(workspace().resolve("src/.git/config"), "[url \"" + impostor + "\"]\n\tinsteadOf = "
                + origin + "\n[core]\n\tworktree = " + elsewhere + "\n", StandardOpenOption.APPEND);

        ActionResult again = new GitAction(context(Map.of("git_url", origin.toString()))).run(text -> { });

        assertThat(again.exitCode()).isZero();
        assertThat(workspace().resolve("src/README")).hasContent("genuine");
        assertThat(elsewhere).isEmptyDirectory();
    }

    /** A .git that is a file (gitdir: elsewhere) or holds a symbolic link is replaced, never followed. */
    @Test
    void aReusedGitDirThatPointsElsewhereIsReplacedNotFollowed() throws Exception {
        Path origin = dir.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            commit(git, "README", "x\n");
        }
        String originConfig = Files.readString(origin.resolve(".git/config"));
        Files.createDirectories(workspace().resolve("src"));
        Files.writeString(workspace().resolve("src/.git"), "gitdir: " + origin.resolve(".git") + "\n");

        ActionResult gitFile = new GitAction(context(Map.of("git_url", origin.toString()))).run(text -> { });

        assertThat(gitFile.exitCode()).isZero();
        assertThat(workspace().resolve("src/.git")).isDirectory();
        assertThat(origin.resolve(".git/config")).as("not written through the gitdir: line").hasContent(originConfig);

        assertThat(new GitAction(context(Map.of("git_url", origin.toString(), "git_dir", "linked")))
                .run(text -> { }).exitCode()).isZero();
        Path objects = workspace().resolve("linked/.git/objects");
        Path outside = dir.resolve("objects");
        Files.move(objects, outside);
        Files.createSymbolicLink(objects, outside);
        List<Path> before;
        try (Stream<Path> files = Files.walk(outside)) {
            before = files.sorted().toList();
        }
        ActionResult linked = new GitAction(context(Map.of("git_url", origin.toString(), "git_dir", "linked")))
                .run(text -> { });
        assertThat(linked.exitCode()).isZero();
        assertThat(objects).isDirectory().satisfies(o -> assertThat(Files.isSymbolicLink(o)).isFalse());
        try (Stream<Path> files = Files.walk(outside)) {
            assertThat(files.sorted().toList()).as("the linked objects are neither deleted nor added to")
                    .isEqualTo(before);
        }

        Files.createSymbolicLink(workspace().resolve("out"), dir.resolve("elsewhere"));
        ActionResult out = new GitAction(context(Map.of("git_url", origin.toString(), "git_dir", "out")))
                .run(text -> { });
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.message()).contains("symbolic link out of the workspace");
    }

    /** A symbolic ref the workspace planted cannot make the fetch write a file out of the repository. */
    @Test
    void aReusedClonesSymbolicRefWritesNothingOutside() throws Exception {
        Path origin = dir.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            commit(git, "README", "one\n");
        }
        assertThat(new GitAction(context(Map.of("git_url", origin.toString()))).run(text -> { }).exitCode()).isZero();
        Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
        Path gitDir = workspace().resolve("src/.git");
        Path ref = gitDir.resolve("refs/remotes/origin/main");
        Files.createDirectories(ref.getParent());
        Files.writeString(ref, "ref: refs/" + gitDir.resolve("refs").relativize(victim) + "\n");
        try (Git git = Git.open(origin.toFile())) {
            commit(git, "README", "two\n");
        }

        ActionResult again = new GitAction(context(Map.of("git_url", origin.toString()))).run(text -> { });

        assertThat(again.exitCode()).isZero();
        assertThat(victim).hasContent("precious\n");
        assertThat(workspace().resolve("src/README")).hasContent("two\n");
    }

    /** JGit does not check a loose object against its id: a swapped one in a reused clone is never read. */
    @Test
    void aReusedClonesSwappedObjectIsNotCheckedOut() throws Exception {
        Path origin = dir.resolve("origin");
        RevCommit first;
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            first = commit(git, "README", "genuine\n");
        }
        assertThat(new GitAction(context(Map.of("git_url", origin.toString()))).run(text -> { }).exitCode()).isZero();
        // the workspace's copy of README's blob, loose, made to say something else under the same id
        Path clone = workspace().resolve("src");
        org.eclipse.jgit.lib.ObjectId blob;
        try (Git git = Git.open(clone.toFile()); org.eclipse.jgit.treewalk.TreeWalk walk =
                org.eclipse.jgit.treewalk.TreeWalk.forPath(git.getRepository(), "README", first.getTree())) {
            blob = walk.getObjectId(0);
        }
        String hex = blob.name();
        Path loose = clone.resolve(".git/objects/" + hex.substring(0, 2) + "/" + hex.substring(2));
        Files.createDirectories(loose.getParent());
        byte[] content = "evil!!!\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(raw)) {
            z.write(("blob " + content.length + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            z.write(content);
        }
        Files.write(loose, raw.toByteArray());
        try (Stream<Path> packs = Files.list(clone.resolve(".git/objects/pack"))) {
            for (Path pack : packs.toList()) {
                Files.delete(pack);
            }
        }
        Files.writeString(clone.resolve("README"), "changed in the workspace\n");

        ActionResult again = new GitAction(context(Map.of("git_url", origin.toString()))).run(text -> { });

        assertThat(again.exitCode()).isZero();
        assertThat(clone.resolve("README")).hasContent("genuine\n");
    }

    /** A symbolic link left in the working tree where the commit has a directory is not written through. */
    @Test
    void aSymbolicLinkInTheWorkingTreeIsNotWrittenThrough() throws Exception {
        Path origin = dir.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            commit(git, "README", "one\n");
        }
        assertThat(new GitAction(context(Map.of("git_url", origin.toString()))).run(text -> { }).exitCode()).isZero();
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(workspace().resolve("src/docs"), outside);
        try (Git git = Git.open(origin.toFile())) {
            Files.createDirectories(origin.resolve("docs"));
            commit(git, "docs/file", "from the repository\n");
        }

        new GitAction(context(Map.of("git_url", origin.toString()))).run(text -> { });

        assertThat(outside).isEmptyDirectory();
    }

    private static RevCommit commit(Git git, String file, String content) throws Exception {
        Files.writeString(git.getRepository().getWorkTree().toPath().resolve(file), content);
        git.add().addFilepattern(file).call();
        return git.commit().setMessage("change " + file).setAuthor("Test", "test@example.org")
                .setCommitter("Test", "test@example.org").setSign(false).call();
    }

    private ActionContext context(Map<String, Object> parameters) {
        WorkItem item = new WorkItem(1, "hello/1", "hello", 1, 1, Map.of("action", "git"), new HashMap<>(parameters));
        return new ActionContext(item, workspace(), dir.resolve("tmp"), Duration.ofSeconds(1));
    }

    private Path workspace() {
        return dir.resolve("ws/hello");
    }
}

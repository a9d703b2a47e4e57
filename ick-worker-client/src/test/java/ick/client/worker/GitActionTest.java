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
import java.util.Map;

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
        assertThat(again).contains("git: fetching " + origin + " in src", "at main, commit " + second.name());
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
        assertThat(gitDir.resolve("hooks")).doesNotExist();
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

    /** A .git that is a file (gitdir: elsewhere) or holds a symbolic link is refused, not followed. */
    @Test
    void aGitDirThatPointsElsewhereIsRefused() throws Exception {
        Path origin = dir.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            commit(git, "README", "x\n");
        }
        Files.createDirectories(workspace().resolve("src"));
        Files.writeString(workspace().resolve("src/.git"), "gitdir: " + origin.resolve(".git") + "\n");

        ActionResult gitFile = new GitAction(context(Map.of("git_url", origin.toString()))).run(text -> { });

        assertThat(gitFile.exitCode()).isEqualTo(1);
        assertThat(gitFile.message()).contains("is not a plain git directory");

        assertThat(new GitAction(context(Map.of("git_url", origin.toString(), "git_dir", "linked")))
                .run(text -> { }).exitCode()).isZero();
        Path objects = workspace().resolve("linked/.git/objects");
        Files.move(objects, dir.resolve("objects"));
        Files.createSymbolicLink(objects, dir.resolve("objects"));
        ActionResult linked = new GitAction(context(Map.of("git_url", origin.toString(), "git_dir", "linked")))
                .run(text -> { });
        assertThat(linked.exitCode()).isEqualTo(1);
        assertThat(linked.message()).contains("is not a plain git directory");

        Files.createSymbolicLink(workspace().resolve("out"), dir.resolve("elsewhere"));
        ActionResult out = new GitAction(context(Map.of("git_url", origin.toString(), "git_dir", "out")))
                .run(text -> { });
        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.message()).contains("symbolic link out of the workspace");
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

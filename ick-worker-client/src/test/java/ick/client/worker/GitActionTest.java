package ick.client.worker;

import ick.protocol.ActionResult;
import ick.protocol.WorkItem;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
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

package ick.it.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/examples/post-receive, the git hook that builds on every push, as a git server runs it: a bare repository
 * with the hook, a clone that pushes to it with real git, the controller's API for what was triggered. The
 * builds' pipelines need a label no worker has, so they stay triggered and their parameters can be read.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PushTriggerIT {
    private final Api admin = Api.admin();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String project = "pushed-" + id;
    private Path bare;
    private Path clone;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeEach
    void repositoryWithTheHook() throws Exception {
        String file = """
                {"projects": [{"project": "%1$s", "parameters": {"git_ref": "main"}, "pipelines": ["p-%1$s"]}],
                 "pipelines": [{"pipeline": "p-%1$s", "parameters": ["git_ref"], "labels": ["nobody-%2$s"],
                                "actions": [{"shell": "true"}]}]}""".formatted(project, id);
        assertThat(admin.post("/api/v1/make-it-so", file).statusCode()).isEqualTo(200);
        Path dir = Files.createDirectories(TestEnv.itDir().resolve("push-" + id));
        bare = dir.resolve("repo.git");
        clone = dir.resolve("clone");
        git(dir, "init", "-q", "--bare", "-b", "main", bare.toString());
        Files.copy(TestEnv.repoRoot().resolve("docs/examples/post-receive"), bare.resolve("hooks/post-receive"),
                StandardCopyOption.COPY_ATTRIBUTES);
        git(dir, "clone", "-q", bare.toString(), clone.toString());
        git(clone, "symbolic-ref", "HEAD", "refs/heads/main");
    }

    @AfterEach
    void cancelTheBuilds() {
        for (JsonNode build : Api.json(admin.get("/api/v1/projects/" + project + "/builds"))) {
            admin.post("/api/v1/projects/" + project + "/builds/" + build.get("number").asLong() + "/cancel", "");
        }
    }

    /** The hook's settings, for a client registered here with {@code scopes}. */
    private void configure(List<String> scopes, String... more) throws Exception {
        String client = "hook-" + id;
        Api.client(client, "secret \"of\" " + client, scopes); // a secret that needs quoting in curl's configuration
        Path secretFile = bare.resolve("ick.secret");
        Files.writeString(secretFile, "secret \"of\" " + client + "\n");
        git(bare, "config", "ick.url", TestEnv.baseUrl() + "/");
        git(bare, "config", "ick.client-id", client);
        git(bare, "config", "ick.secret-file", secretFile.toString());
        git(bare, "config", "ick.project", project);
        for (int i = 0; i < more.length; i += 2) {
            git(bare, "config", more[i], more[i + 1]);
        }
    }

    @Test
    void aPushBuildsTheProjectAtThePushedCommitOfTheBranchesSet() throws Exception {
        configure(List.of("uapi_projects_id_builds_post"), "ick.branches", "main release");

        String first = commit("one");
        String pushed = git(clone, "push", "origin", "main");

        assertThat(pushed).contains("ick: build " + project + "/1 for main at " + first.substring(0, 12));
        assertThat(gitRefOfBuilds()).containsExactly(first);

        git(clone, "checkout", "-q", "-b", "feature");
        commit("two");
        assertThat(git(clone, "push", "origin", "feature")).doesNotContain("ick:");
        git(clone, "checkout", "-q", "main");
        git(clone, "merge", "-q", "--ff-only", "feature");
        git(clone, "branch", "-q", "release");
        String second = git(clone, "rev-parse", "HEAD").strip();
        pushed = git(clone, "push", "origin", "main", "release");
        assertThat(pushed).contains("ick: build " + project + "/2 for main at " + second.substring(0, 12))
                .contains("ick: build " + project + "/3 for release at " + second.substring(0, 12));
        assertThat(git(clone, "push", "origin", "--delete", "release", "feature")).doesNotContain("ick:");
        assertThat(gitRefOfBuilds()).containsExactly(second, second, first);
    }

    @Test
    void aProjectWithoutTheParameterBuildsWithItsOwnValues() throws Exception {
        configure(List.of("uapi_projects_id_builds_post"), "ick.ref-parameter", "");
        commit("one");
        assertThat(git(clone, "push", "origin", "main")).contains("ick: build " + project + "/1 for main");
        assertThat(Api.json(admin.get("/api/v1/projects/" + project + "/builds/1")).has("parameters")).isFalse();
    }

    @Test
    void whatTheHookCannotDoItSaysAndThePushStillGoesIn() throws Exception {
        String head = commit("one");
        assertThat(git(clone, "push", "origin", "main"))
                .contains("ick: no build: set ick.url, ick.client-id, ick.secret-file and ick.project");

        configure(List.of("uapi_projects_get"));
        commit("two");
        assertThat(git(clone, "push", "origin", "main")).contains("ick: no build of " + project + " (HTTP 403)");

        Files.writeString(bare.resolve("ick.secret"), "not the secret\n");
        head = commit("three");
        assertThat(git(clone, "push", "origin", "main"))
                .contains("ick: no build: the controller refused client hook-" + id).contains("invalid_client");

        git(bare, "config", "ick.url", "http://127.0.0.1:9");
        commit("four");
        assertThat(git(clone, "push", "origin", "main")).contains("ick: no build: the controller at http://127.0.0.1:9"
                + " cannot be reached");

        assertThat(Api.json(admin.get("/api/v1/projects/" + project + "/builds"))).isEmpty();
        assertThat(git(bare, "rev-parse", "main~1").strip()).as("every push went in").isEqualTo(head);
    }

    private String commit(String text) throws Exception {
        Files.writeString(clone.resolve("file"), text);
        git(clone, "add", "file");
        git(clone, "commit", "-q", "-m", text);
        return git(clone, "rev-parse", "HEAD").strip();
    }

    /** The git_ref of each build of the project, newest first. */
    private List<String> gitRefOfBuilds() {
        List<String> refs = new ArrayList<>();
        for (JsonNode build : Api.json(admin.get("/api/v1/projects/" + project + "/builds"))) {
            refs.add(build.get("parameters").get("git_ref").asText());
        }
        return refs;
    }

    /** Runs git in {@code dir}; its output and errors (where a hook's lines arrive, as "remote: ..."). */
    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("GIT_AUTHOR_NAME", "Push Test", "GIT_AUTHOR_EMAIL", "push@example.org",
                "GIT_COMMITTER_NAME", "Push Test", "GIT_COMMITTER_EMAIL", "push@example.org",
                "GIT_CONFIG_NOSYSTEM", "1", "HOME", dir.toString()));
        Process git = builder.start();
        String output = new String(git.getInputStream().readAllBytes());
        assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as("git " + String.join(" ", args) + ": " + output).isZero();
        return output;
    }
}

package ick.it.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.Icktool;
import ick.it.TestEnv;
import org.eclipse.jgit.api.Git;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's first session, with real processes: the controller in WildFly, a worker daemon, icktool.
 * The git repository that docs/examples/hello.ick clones is made by the test on disk.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EndToEndIT {
    private static Path dir;
    private static Icktool tool;
    private static Process worker;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeAll
    static void startWorker() throws Exception {
        dir = Files.createDirectories(TestEnv.itDir().resolve("e2e"));
        String workerSecret = "worker-secret-" + System.nanoTime();
        Api.client("e2e-worker", workerSecret,
                List.of("@worker")); // the scope set ./ick up gives its worker
        Files.writeString(dir.resolve("worker.secret"), workerSecret);
        Files.writeString(dir.resolve("worker.yaml"), """
                controller: %s
                client-id: e2e-worker
                secret-file: %s
                workspace-root: %s
                labels: []
                """.formatted(TestEnv.baseUrl(), dir.resolve("worker.secret"), dir.resolve("workspace")));
        tool = Icktool.asAdmin(dir);
        worker = new ProcessBuilder("java", "-cp", TestEnv.clientJar().toString(), "ick.client.worker.WorkerMain",
                "--config", dir.resolve("worker.yaml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker.log").toFile())
                .start();
    }

    @AfterAll
    static void stopWorker() throws Exception {
        if (worker != null) {
            worker.destroy();
            if (!worker.waitFor(10, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
    }

    @Test
    void helloExampleBuildsFromAGitRepositoryAndStreamsItsLog() throws Exception {
        Path repo = makeGitRepository();
        String example = Files.readString(TestEnv.repoRoot().resolve("docs/examples/hello.ick"));
        Path projectFile = dir.resolve("hello.ick");
        Files.writeString(projectFile, example.replaceAll("(?m)^(\\s*git_url:).*$", "$1 " + repo.toUri()));

        Icktool.Result first = icktool("make-it-so", projectFile.toString());
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("created project hello");

        Icktool.Result second = icktool("make-it-so", projectFile.toString());
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("nothing changed");

        Icktool.Result build = icktool("build", "hello", "--wait");
        assertThat(build.exitCode()).as(build.output()).isZero();
        assertThat(build.output())
                .contains("hello, world from build 1")
                .contains("the repository has 2 files")
                .contains("Greetings from a repository made by the end-to-end test");

        Icktool.Result log = icktool("log", "hello/1");
        assertThat(log.exitCode()).isZero();
        assertThat(log.output()).contains("hello, world from build 1");

        JsonNode builds = Api.json(Api.admin().get("/api/v1/projects/hello/builds"));
        assertThat(builds.get(0).get("state").asText()).isEqualTo("succeeded");

        Icktool.Result json = icktool("builds", "hello", "--json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.output()).contains("\"state\"").contains("succeeded");
    }

    @Test
    void aFailingActionFailsTheBuildAndSkipsTheRest() throws Exception {
        Path projectFile = dir.resolve("broken.ick");
        Files.writeString(projectFile, """
                projects:
                  - project: broken
                    pipelines: [fail-in-the-middle]
                pipelines:
                  - pipeline: fail-in-the-middle
                    actions:
                      - shell: echo first action ran
                      - shell: |
                          echo second action ran
                          exit 3
                      - shell: echo third action ran
                """);
        assertThat(icktool("make-it-so", projectFile.toString()).exitCode()).isZero();

        Icktool.Result build = icktool("build", "broken", "--wait");
        assertThat(build.exitCode()).as(build.output()).isEqualTo(1);
        assertThat(build.output()).contains("first action ran").contains("second action ran")
                .doesNotContain("third action ran")
                .containsPattern("(?i)exit(ed)?( with)?( code)? 3");

        JsonNode actions = Api.json(Api.admin().get("/api/v1/projects/broken/builds/1/actions"));
        List<String> states = new ArrayList<>();
        actions.forEach(a -> states.add(a.get("state").asText()));
        assertThat(states).endsWith("succeeded", "failed", "skipped");
        assertThat(Api.json(Api.admin().get("/api/v1/projects/broken/builds/1")).get("state").asText()).isEqualTo("failed");
    }

    private static Path makeGitRepository() throws Exception {
        Path repo = dir.resolve("repo-" + System.nanoTime());
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("README"), "Greetings from a repository made by the end-to-end test\n");
            Files.writeString(repo.resolve("hello.sh"), "echo hello\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("first").setAuthor("Test", "test@example.com").setCommitter("Test", "test@example.com").call();
        }
        return repo;
    }

    private static Icktool.Result icktool(String... args) {
        return tool.run(120, args);
    }
}

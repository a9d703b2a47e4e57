package ick.it.blob;

import ick.it.Api;
import ick.it.Icktool;
import ick.it.TestEnv;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code workspace: reuse} with real processes: a worker daemon (with the worker scopes, blobs included)
 * archives the workspace after a successful build and populates the next build from it; a failed build
 * stores nothing. Runs docs/examples/incremental.ick, with fewer modules to keep the suite quick.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IncrementalBuildIT {
    private static Path dir;
    private static Icktool tool;
    private static Process worker;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeAll
    static void startWorker() throws Exception {
        dir = Files.createDirectories(TestEnv.itDir().resolve("incremental-it"));
        String secret = "worker-secret-" + System.nanoTime();
        Api.client("incremental-worker", secret, List.of("@worker"));
        Files.writeString(dir.resolve("worker.secret"), secret);
        Files.writeString(dir.resolve("worker.yaml"), """
                controller: %s
                client-id: incremental-worker
                secret-file: %s
                workspace-root: %s
                labels: []
                """.formatted(TestEnv.baseUrl(), dir.resolve("worker.secret"), dir.resolve("workspace")));
        tool = Icktool.asAdmin(dir);
        worker = new ProcessBuilder("java", "-cp", TestEnv.clientJar().toString(), "ick.client.worker.WorkerMain",
                "--config", dir.resolve("worker.yaml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
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
    void theSecondBuildStartsFromTheFirstOnesWorkspaceAndAFailedBuildStoresNothing() throws Exception {
        String example = Files.readString(TestEnv.repoRoot().resolve("docs/examples/incremental.ick"))
                .replace("modules: 400", "modules: 60")
                // names of its own: the example itself may be stored by another test or the benchmark
                .replace("project: incremental", "project: incremental-it")
                .replaceAll("(?m)^(\\s*- (pipeline: )?)(generate|compile)$", "$1$3-it");
        Path file = dir.resolve("incremental.ick");
        Files.writeString(file, example);
        assertThat(icktool("make-it-so", file.toString()).output()).contains("created project incremental-it");

        Icktool.Result first = icktool("build", "incremental-it", "--wait");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("no blob workspace/incremental-it yet: starting from an empty workspace")
                .contains("cc -O2 -c -o obj/").contains("objects: 61").contains("archive: stored blob workspace/incremental-it");
        assertThat(Api.admin().get("/api/v1/blobs/workspace/incremental-it").statusCode()).isEqualTo(200);

        Icktool.Result second = icktool("build", "incremental-it", "--wait");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("populate: workspace from blob workspace/incremental-it")
                .doesNotContain("cc -O2 -c").contains("objects: 61");
        System.out.printf("IncrementalBuildIT: compile took %s s in the first build, %s s in the second%n",
                seconds(first.output()), seconds(second.output()));

        // a failing build: its changes to the workspace are not stored
        String compile = "      - shell: |\n          start=$(date +%s)";
        assertThat(example).contains(compile);
        Files.writeString(file, example.replace(compile,
                "      - shell: |\n          touch poisoned\n          exit 7\n" + compile));
        assertThat(icktool("make-it-so", file.toString()).exitCode()).isZero();
        String digestBefore = Api.admin().get("/api/v1/blobs/workspace/incremental-it").headers()
                .firstValue("ETag").orElseThrow();
        Icktool.Result failed = icktool("build", "incremental-it", "--wait");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.output()).doesNotContain("archive: stored blob");
        assertThat(Api.admin().get("/api/v1/blobs/workspace/incremental-it").headers().firstValue("ETag"))
                .contains(digestBefore);

        Files.writeString(file, example.replace("./app", "./app; test ! -e poisoned && echo clean workspace"));
        assertThat(icktool("make-it-so", file.toString()).exitCode()).isZero();
        Icktool.Result fourth = icktool("build", "incremental-it", "--wait");
        assertThat(fourth.exitCode()).as(fourth.output()).isZero();
        assertThat(fourth.output()).contains("clean workspace").doesNotContain("cc -O2 -c");

        // another client (another project's worker, say) writes the blob again: the next build does not use it
        Api other = Api.client("incremental-other", "secret-of-incremental-other", List.of("@worker"));
        HttpResponse<String> forged = other.send("PUT", "/api/v1/blobs/workspace/incremental-it",
                "application/octet-stream", "not the project's workspace".getBytes(StandardCharsets.UTF_8));
        assertThat(forged.statusCode()).as(forged.body()).isIn(200, 201);
        Icktool.Result fifth = icktool("build", "incremental-it", "--wait");
        assertThat(fifth.exitCode()).as(fifth.output()).isZero();
        assertThat(fifth.output()).contains("populate: blob workspace/incremental-it is not the workspace the"
                + " project's last successful build archived").contains("starting from an empty workspace")
                .contains("cc -O2 -c");
    }

    private static String seconds(String log) {
        Matcher m = Pattern.compile("compile took (\\d+) s").matcher(log);
        return m.find() ? m.group(1) : "?";
    }

    private static Icktool.Result icktool(String... args) {
        return tool.run(300, args);
    }
}

package ick.it.blob;

import ick.client.http.BlobClient;
import ick.client.http.ClientConfig;
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

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * System trees through a real worker: {@code populate: systree} downloads a Debian tree once and then takes it
 * from the worker's cache, a {@code where: container} action runs in it, {@code archive: systree} stores it.
 * The tree is the tests' debootstrap cache ({@code ~/.cache/ick-test-systree}, made by the worker's
 * SandboxTest, or here with debootstrap if missing), uploaded as blob {@code systree/systree-it}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SystreeIT {
    private static Path dir;
    private static Icktool tool;
    private static Process worker;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeAll
    static void startWorker() throws Exception {
        dir = Files.createDirectories(TestEnv.itDir().resolve("systree-it"));
        String secret = "worker-secret-" + System.nanoTime();
        Api.client("systree-worker", secret, List.of("@worker"));
        Files.writeString(dir.resolve("worker.secret"), secret);
        Files.writeString(dir.resolve("worker.yaml"), "controller: " + TestEnv.baseUrl()
                + "\nclient-id: systree-worker\nsecret-file: " + dir.resolve("worker.secret")
                + "\nworkspace-root: " + dir.resolve("workspace") + "\nlabels: []\n");
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
    void aSystreeIsPopulatedOnceCachedByDigestUsedByAContainerAndArchived() throws Exception {
        Path tarball = dir.resolve("systree.tar.zst");
        run(List.of("tar", "--zstd", "-cf", tarball.toString(), "-C", systree().toString(), "."));
        ClientConfig admin = new ClientConfig(URI.create(TestEnv.baseUrl()), null, "admin",
                dir.resolve("admin.secret"), null);
        new BlobClient(admin).put("systree/systree-it", tarball, null, BlobClient.Progress.NONE);

        Path file = Files.writeString(dir.resolve("systree.ick"), """
                projects:
                  - project: systree-it
                    pipelines: [in-a-container]
                pipelines:
                  - pipeline: in-a-container
                    actions:
                      - populate: systree
                      - where: container
                        shell: |
                          echo "debian $(cat /etc/debian_version) in a container"
                          echo made in a container > /workspace/inside.txt
                      - shell: cat inside.txt
                      - archive: systree
                        blob: systree/systree-it-copy
                """);
        assertThat(icktool("make-it-so", file.toString()).output()).contains("created project systree-it");

        Icktool.Result first = icktool("build", "systree-it", "--wait");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("populate: downloaded system tree systree/systree-it")
                .containsPattern("debian 12\\.\\d+ in a container").contains("made in a container")
                .contains("archive: stored blob systree/systree-it-copy");

        Icktool.Result second = icktool("build", "systree-it", "--wait");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("populate: system tree systree/systree-it is cached on this worker")
                .doesNotContain("downloaded system tree");
        assertThat(Api.admin().get("/api/v1/blobs?prefix=systree/").body()).contains("systree/systree-it-copy");
        Files.delete(tarball);
    }

    @Test
    void aSystreeBlobThatDoesNotUnpackFailsItsPopulateAndLeavesNothingInTheCache() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.tar.zst"), "not a tarball at all".repeat(1000).getBytes());
        ClientConfig admin = new ClientConfig(URI.create(TestEnv.baseUrl()), null, "admin",
                dir.resolve("admin.secret"), null);
        new BlobClient(admin).put("systree/systree-it-garbage", garbage, null, BlobClient.Progress.NONE);
        Path file = Files.writeString(dir.resolve("garbage.ick"), """
                projects:
                  - project: systree-it-garbage
                    pipelines: [garbage-tree]
                pipelines:
                  - pipeline: garbage-tree
                    actions:
                      - populate: systree
                        blob: systree/systree-it-garbage
                """);
        assertThat(icktool("make-it-so", file.toString()).exitCode()).isZero();
        Icktool.Result build = icktool("build", "systree-it-garbage", "--wait");
        assertThat(build.exitCode()).as(build.output()).isNotZero();
        assertThat(build.output()).contains("populate: cannot populate systree from blob systree/systree-it-garbage");
        try (var cached = Files.list(dir.resolve("workspace/.systree-cache"))) {
            assertThat(cached.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("unpacking-"));
        }
    }

    /** The tests' cached Debian tree; made with debootstrap from this machine's apt mirror if missing. */
    private static Path systree() throws Exception {
        Path tree = Path.of(System.getProperty("user.home"), ".cache/ick-test-systree/root/.systrees/bookworm");
        if (!Files.isExecutable(tree.resolve("bin/bash"))) {
            String mirror = run(List.of("sh", "-c", "awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources")).strip();
            Path building = tree.resolveSibling("bookworm.new");
            run(List.of("debootstrap", "--variant=minbase", "bookworm", building.toString(), mirror));
            Files.move(building, tree);
        }
        return tree;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    private static Icktool.Result icktool(String... args) {
        return tool.run(600, args);
    }
}

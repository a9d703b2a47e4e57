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
        Path tarball = tarballOfTheTestTree("systree.tar.zst");
        putAsAdmin("systree/systree-it", tarball);

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
        putAsAdmin("systree/systree-it-garbage", garbage);
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

    @Test
    void aPinnedSystreeWrittenAgainByAWorkerTokenFailsThePopulateUntilAnAdminPutsOrDeletesIt() throws Exception {
        Path tarball = tarballOfTheTestTree("pin-base.tar.zst");
        putAsAdmin("systree/systree-pin-base", tarball);
        Path file = Files.writeString(dir.resolve("pin.ick"), """
                projects:
                  - project: systree-pin-it
                    pipelines: [make-tree]
                  - project: systree-pin-user
                    pipelines: [use-tree]
                pipelines:
                  - pipeline: make-tree
                    actions:
                      - populate: systree
                        blob: systree/systree-pin-base
                      - shell: date +%s%N > ../.systrees/systree-pin-it/stamp
                      - archive: systree
                      - populate: systree
                  - pipeline: use-tree
                    actions:
                      - populate: systree
                        blob: systree/systree-pin-it
                      - shell: echo "using debian $(cat ../.systrees/systree-pin-user/etc/debian_version)"
                """);
        assertThat(icktool("make-it-so", file.toString()).exitCode()).isZero();
        Icktool.Result made = icktool("build", "systree-pin-it", "--wait");
        assertThat(made.exitCode()).as(made.output()).isZero();
        // again: its tree differs (the stamp), and its last populate reads what its own archive just pinned
        Icktool.Result again = icktool("build", "systree-pin-it", "--wait");
        assertThat(again.exitCode()).as(again.output()).isZero();
        java.util.regex.Matcher archived = java.util.regex.Pattern.compile(
                "archive: stored blob systree/systree-pin-it \\(sha256 ([0-9a-f]{64})\\)").matcher(again.output());
        assertThat(archived.find()).as(again.output()).isTrue();
        Icktool.Result used = icktool("build", "systree-pin-user", "--wait");
        assertThat(used.exitCode()).as(used.output()).isZero();

        // repository code on any ordinary worker can read its token, and write the tree another project uses
        Api forger = Api.client("systree-forger", "secret-of-systree-forger", List.of("@worker"));
        byte[] forged = "a tree with another dpkg-buildpackage".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(forger.send("PUT", "/api/v1/blobs/systree/systree-pin-it", "application/octet-stream", forged)
                .statusCode()).isEqualTo(200);
        Icktool.Result refused = icktool("build", "systree-pin-user", "--wait");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("populate: blob systree/systree-pin-it is not as pinned (sha256 "
                + sha256(forged) + ", pinned " + archived.group(1) + ": as this build archived it")
                .contains("it was written again since").doesNotContain("using debian");

        // an admin's PUT is on purpose: it pins the tree it puts
        putAsAdmin("systree/systree-pin-it", tarball);
        Icktool.Result put = icktool("build", "systree-pin-user", "--wait");
        assertThat(put.exitCode()).as(put.output()).isZero();
        assertThat(put.output()).contains("using debian 12.");

        // an admin's DELETE leaves the pin: whoever writes the name next (a forger watching for it) is refused
        assertThat(Api.admin().delete("/api/v1/blobs/systree/systree-pin-it").statusCode()).isEqualTo(204);
        assertThat(forger.send("PUT", "/api/v1/blobs/systree/systree-pin-it", "application/octet-stream", forged)
                .statusCode()).isEqualTo(201);
        Icktool.Result stillPinned = icktool("build", "systree-pin-user", "--wait");
        assertThat(stillPinned.exitCode()).as(stillPinned.output()).isNotZero();
        assertThat(stillPinned.output()).contains("populate: blob systree/systree-pin-it is not as pinned")
                .doesNotContain("using debian");
        Files.delete(tarball);
    }

    /** The tests' Debian tree ({@link #systree()}) as a zstd tarball in {@code dir}. */
    private static Path tarballOfTheTestTree(String fileName) throws Exception {
        Path tarball = dir.resolve(fileName);
        run(List.of("tar", "--zstd", "-cf", tarball.toString(), "-C", systree().toString(), "."));
        return tarball;
    }

    private static void putAsAdmin(String name, Path file) throws Exception {
        ClientConfig admin = new ClientConfig(URI.create(TestEnv.baseUrl()), null, "admin",
                dir.resolve("admin.secret"), null);
        new BlobClient(admin).put(name, file, null, BlobClient.Progress.NONE);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
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

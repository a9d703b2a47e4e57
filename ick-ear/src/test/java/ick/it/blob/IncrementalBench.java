package ick.it.blob;

import ick.it.Api;
import ick.it.TestEnv;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incremental-build benchmark (run by bench/blobs, not by the suite): docs/examples/incremental.ick as
 * written (400 modules), first build against second build, wall time of {@code icktool build --wait}, with a
 * real worker daemon.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IncrementalBench {
    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @Test
    void firstAgainstSecondBuildOfTheIncrementalExample() throws Exception {
        Path dir = Files.createDirectories(TestEnv.itDir().resolve("incremental-bench"));
        String secret = "worker-secret-" + System.nanoTime();
        Api.client("bench-worker", secret, List.of("@worker"));
        Files.writeString(dir.resolve("worker.secret"), secret);
        Files.writeString(dir.resolve("admin.secret"), TestEnv.adminSecret());
        Files.writeString(dir.resolve("worker.yaml"), "controller: " + TestEnv.baseUrl()
                + "\nclient-id: bench-worker\nsecret-file: " + dir.resolve("worker.secret")
                + "\nworkspace-root: " + dir.resolve("workspace") + "\nlabels: []\n");
        Files.writeString(dir.resolve("icktool.yaml"), "controller: " + TestEnv.baseUrl()
                + "\nclient-id: admin\nsecret-file: " + dir.resolve("admin.secret") + "\n");
        Process worker = new ProcessBuilder("java", "-cp", TestEnv.clientJar().toString(),
                "ick.client.worker.WorkerMain", "--config", dir.resolve("worker.yaml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
        try {
            Path file = TestEnv.repoRoot().resolve("docs/examples/incremental.ick").toAbsolutePath();
            assertThat(icktool(dir, "make-it-so", file.toString())).isZero();
            double first = timed(dir);
            double second = timed(dir);
            System.out.printf(Locale.ROOT, "BENCH incremental example: first build %.1f s, second build %.1f s,"
                    + " ratio %.1fx%n", first, second, first / second);
        } finally {
            worker.destroy();
            worker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static double timed(Path dir) throws Exception {
        long start = System.nanoTime();
        assertThat(icktool(dir, "build", "incremental", "--wait")).isZero();
        return (System.nanoTime() - start) / 1e9;
    }

    private static int icktool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", TestEnv.clientJar().toString(),
                "--config", dir.resolve("icktool.yaml").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("icktool.log").toFile())).start();
        assertThat(p.waitFor(900, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}

package ick.it.blob;

import ick.it.Api;
import ick.it.Icktool;
import ick.it.TestEnv;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
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
        Files.writeString(dir.resolve("worker.yaml"), "controller: " + TestEnv.baseUrl()
                + "\nclient-id: bench-worker\nsecret-file: " + dir.resolve("worker.secret")
                + "\nworkspace-root: " + dir.resolve("workspace") + "\nlabels: []\n");
        Icktool tool = Icktool.asAdmin(dir);
        Process worker = new ProcessBuilder("java", "-cp", TestEnv.clientJar().toString(),
                "ick.client.worker.WorkerMain", "--config", dir.resolve("worker.yaml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
        try {
            Path file = TestEnv.repoRoot().resolve("docs/examples/incremental.ick").toAbsolutePath();
            tool.ok("make-it-so", file.toString());
            double first = timed(tool);
            double second = timed(tool);
            System.out.printf(Locale.ROOT, "BENCH incremental example: first build %.1f s, second build %.1f s,"
                    + " ratio %.1fx%n", first, second, first / second);
        } finally {
            worker.destroy();
            worker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static double timed(Icktool tool) {
        long start = System.nanoTime();
        Icktool.Result build = tool.run(900, "build", "incremental", "--wait");
        assertThat(build.exitCode()).as(build.output()).isZero();
        return (System.nanoTime() - start) / 1e9;
    }
}

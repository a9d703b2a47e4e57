package ick.it.blob;

import ick.client.http.BlobClient;
import ick.client.http.ClientConfig;
import ick.it.TestEnv;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blob benchmark (not part of the test suite: its name does not end in IT). Run by bench/blobs, which
 * caps the server's heap ({@code -Dick.it.heap=512m}). For each size: {@code cp} of the file on the same disk,
 * then upload and download through the client that the worker and icktool use, over loopback, with the
 * server's peak RSS sampled every 100 ms. Sizes from {@code -Dick.bench.sizes} (MB, default 100,1024,5120).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BlobBench {
    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @Test
    void uploadAndDownloadRatesBesideCpWithTheServersPeakMemory() throws Exception {
        Path dir = Files.createDirectories(TestEnv.itDir().resolve("blob-bench"));
        Files.writeString(dir.resolve("admin.secret"), TestEnv.adminSecret());
        ClientConfig config = new ClientConfig(URI.create(TestEnv.baseUrl()), null, "admin",
                dir.resolve("admin.secret"), null);
        BlobClient client = new BlobClient(config);
        System.out.printf("BENCH server heap: %s; server RSS at start: %d MB; sizes in MiB, rates in MiB/s%n",
                ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse(""))
                        .filter(c -> c.contains("jboss-modules.jar") && c.contains(TestEnv.baseUrl()))
                        .map(c -> c.replaceAll(".*(-Xmx\\S+).*", "$1")).findFirst().orElse("?"),
                BlobIT.serverRssKb() / 1024);
        System.out.println("BENCH | size | cp MB/s | upload MB/s | upload/cp | download MB/s | download/cp | server peak RSS MB |");
        for (String mb : System.getProperty("ick.bench.sizes", "100,1024,5120").split(",")) {
            long size = Long.parseLong(mb.trim()) * 1024 * 1024;
            Path file = dir.resolve("bench.bin");
            String sha = BlobIT.writeRandom(file, size);
            Path copy = dir.resolve("bench.cp");
            long t0 = System.nanoTime();
            Process cp = new ProcessBuilder("cp", file.toString(), copy.toString()).inheritIO().start();
            assertThat(cp.waitFor()).isZero();
            new ProcessBuilder("sync").start().waitFor();
            double cpSeconds = (System.nanoTime() - t0) / 1e9;
            Files.delete(copy);

            AtomicLong peak = new AtomicLong(BlobIT.serverRssKb());
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        peak.accumulateAndGet(BlobIT.serverRssKb(), Math::max);
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // the sample is skipped
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            long t1 = System.nanoTime();
            assertThat(client.put("bench/blob", file, sha, BlobClient.Progress.NONE).sha256()).isEqualTo(sha);
            double upSeconds = (System.nanoTime() - t1) / 1e9;
            Path back = dir.resolve("bench.back");
            long t2 = System.nanoTime();
            assertThat(client.get("bench/blob", back, BlobClient.Progress.NONE)).get()
                    .extracting(b -> b.sha256()).isEqualTo(sha);
            double downSeconds = (System.nanoTime() - t2) / 1e9;
            sampler.interrupt();
            double mib = size / 1048576.0;
            System.out.printf(Locale.ROOT, "BENCH | %d MiB | %.0f | %.0f | %.0f%% | %.0f | %.0f%% | %d |%n", size >> 20,
                    mib / cpSeconds, mib / upSeconds, 100 * cpSeconds / upSeconds, mib / downSeconds,
                    100 * cpSeconds / downSeconds, peak.get() / 1024);
            Files.delete(back);
            Files.delete(file);
            client.delete("bench/blob");
        }
    }
}

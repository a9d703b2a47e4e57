package ick.it.blob;

import ick.client.http.BlobClient;
import ick.client.http.ClientConfig;
import ick.client.http.HttpBuffers;
import ick.it.TestEnv;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blob benchmark (not part of the test suite: its name does not end in IT). Run by bench/blobs, which
 * caps the server's heap ({@code -Dick.it.heap=512m}). For each size: {@code cp} of the file on the same disk,
 * then upload and download through the client that the worker and icktool use, over loopback, with the
 * server's peak RSS sampled every 100 ms. Sizes from {@code -Dick.bench.sizes} (MB, default 100,1024,5120),
 * each measured {@code -Dick.bench.rounds} times (default 1). Before the first, one 64 MiB blob goes up and
 * down untimed: a worker or icktool that has already moved a blob has its token and a warm JIT, and so has
 * the controller, and a cold first transfer would otherwise be charged to the 100 MiB figure.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BlobBench {
    static {
        HttpBuffers.enlarge(); // as the worker's and icktool's main do, if this JVM's HTTP client is not in use yet
    }

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
        ProcessHandle server = ProcessHandle.of(serverPid()).orElseThrow();
        warmUp(client, dir);
        System.out.println("BENCH | size | cp MiB/s | upload MiB/s | upload/cp | download MiB/s | download/cp | server peak RSS MB "
                + "| CPU s per GiB: cp+sync | up (server+client) | down (server+client) |");
        int rounds = Integer.getInteger("ick.bench.rounds", 1);
        for (String mb : System.getProperty("ick.bench.sizes", "100,1024,5120").split(",")) {
          for (int round = 0; round < rounds; round++) {
            long size = Long.parseLong(mb.trim()) * 1024 * 1024;
            Path file = dir.resolve("bench.bin");
            String sha = BlobIT.writeRandom(file, size);
            Path copy = dir.resolve("bench.cp");
            freeAsMuch(dir, size);
            long t0 = System.nanoTime();
            // the shell prints its own /proc stat after cp and sync: the CPU time of its children, cp and sync
            Process cp = new ProcessBuilder("sh", "-c", "cp \"$0\" \"$1\" && sync && read -r s < /proc/$$/stat"
                    + " && echo \"$s\"", file.toString(), copy.toString()).redirectErrorStream(true).start();
            String stat = new String(cp.getInputStream().readAllBytes()).strip();
            assertThat(cp.waitFor()).as(stat).isZero();
            double cpSeconds = (System.nanoTime() - t0) / 1e9;
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpCpu = (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0; // cutime+cstime, ticks
            Files.delete(copy);

            AtomicLong peak = new AtomicLong(rssKb(server.pid()));
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        peak.accumulateAndGet(rssKb(server.pid()), Math::max);
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
            freeAsMuch(dir, size);
            long[] cpu0 = cpuMillis(server);
            long t1 = System.nanoTime();
            assertThat(client.put("bench/blob", file, sha, BlobClient.Progress.NONE).sha256()).isEqualTo(sha);
            double upSeconds = (System.nanoTime() - t1) / 1e9;
            long[] cpu1 = cpuMillis(server);
            Path back = dir.resolve("bench.back");
            freeAsMuch(dir, size);
            long[] cpu1b = cpuMillis(server);
            long t2 = System.nanoTime();
            assertThat(client.get("bench/blob", back, BlobClient.Progress.NONE)).get()
                    .extracting(b -> b.sha256()).isEqualTo(sha);
            double downSeconds = (System.nanoTime() - t2) / 1e9;
            long[] cpu2 = cpuMillis(server);
            sampler.interrupt();
            double mib = size / 1048576.0;
            double gib = mib / 1024;
            System.out.printf(Locale.ROOT, "BENCH | %d MiB | %.0f | %.0f | %.0f%% | %.0f | %.0f%% | %d | %.1f | %.1f+%.1f | %.1f+%.1f |%n",
                    size >> 20, mib / cpSeconds, mib / upSeconds, 100 * cpSeconds / upSeconds, mib / downSeconds,
                    100 * cpSeconds / downSeconds, peak.get() / 1024, cpCpu / gib,
                    (cpu1[0] - cpu0[0]) / 1000.0 / gib, (cpu1[1] - cpu0[1]) / 1000.0 / gib,
                    (cpu2[0] - cpu1b[0]) / 1000.0 / gib, (cpu2[1] - cpu1b[1]) / 1000.0 / gib);
            Files.delete(back);
            Files.delete(file);
            client.delete("bench/blob");
          }
        }
    }

    /**
     * Writes {@code size} bytes into a scratch file and deletes it, so that the timed write that follows (cp's
     * copy, the server's blob, the downloaded file) gets memory the kernel has just freed. On a VM whose balloon
     * hands freed memory back to the host at once (free page reporting, docs/benchmarks.md), a write into memory
     * handed back costs 1-2 CPU s per GiB more than one into memory just freed; which of the three got which was
     * chance (the download, which came last, mostly lost). Each now starts alike.
     */
    private static void freeAsMuch(Path dir, long size) throws IOException {
        Path scratch = dir.resolve("scratch");
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel out = FileChannel.open(scratch, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long left = size; left > 0; left -= zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), left));
                while (zeros.hasRemaining()) {
                    out.write(zeros);
                }
            }
        }
        Files.delete(scratch);
    }

    /** CPU time so far of the server and of this JVM (the client, and the RSS sampler), in ms. */
    private static long[] cpuMillis(ProcessHandle server) {
        return new long[] {server.info().totalCpuDuration().orElseThrow().toMillis(),
                ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis()};
    }

    /** Found once: scanning every process each 100 ms would cost the machine more than the sampling. */
    private static long serverPid() {
        int offset = Integer.parseInt(System.getProperty("ick.it.http.port")) - 8080;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar")
                        && c.contains("port-offset=" + offset + " ")).orElse(false))
                .findFirst().orElseThrow().pid();
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static void warmUp(BlobClient client, Path dir) throws Exception {
        Path file = dir.resolve("warm-up.bin");
        String sha = BlobIT.writeRandom(file, 64L << 20);
        client.put("bench/warm-up", file, sha, BlobClient.Progress.NONE);
        Path back = dir.resolve("warm-up.back");
        assertThat(client.get("bench/warm-up", back, BlobClient.Progress.NONE)).isPresent();
        client.delete("bench/warm-up");
        Files.delete(back);
        Files.delete(file);
    }
}

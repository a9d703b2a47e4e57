package ick.client.worker;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Test help: Debian's OpenSSH server, run by the test on a free port of 127.0.0.1 with a host key and an
 * authorized key of its own, for the test's user only. As root it needs its privilege separation directory
 * ({@code /run/sshd}), which it makes if missing, as the openssh-server package would.
 */
final class TestSshd implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    final int port;
    final Path hostPublicKey;
    private final Process process;

    private TestSshd(int port, Path hostPublicKey, Process process) {
        this.port = port;
        this.hostPublicKey = hostPublicKey;
        this.process = process;
    }

    static boolean available() {
        return Files.isExecutable(SSHD);
    }

    /** Starts sshd accepting {@code authorizedKey} (an OpenSSH public key file). */
    static TestSshd start(Path dir, Path authorizedKey) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("sshd"));
        TestKeys.run(home, Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", home.resolve("host").toString());
        Files.copy(authorizedKey, home.resolve("authorized_keys"));
        if ("root".equals(System.getProperty("user.name")) && !Files.isDirectory(Path.of("/run/sshd"))) {
            Files.createDirectories(Path.of("/run/sshd"));
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process p = new ProcessBuilder(List.of(SSHD.toString(), "-D", "-e", "-f", "/dev/null",
                "-o", "Port=" + port, "-o", "ListenAddress=127.0.0.1", "-o", "HostKey=" + home.resolve("host"),
                "-o", "AuthorizedKeysFile=" + home.resolve("authorized_keys"), "-o", "StrictModes=no",
                "-o", "UsePAM=no", "-o", "PidFile=none", "-o", "PasswordAuthentication=no",
                "-o", "KbdInteractiveAuthentication=no"))
                .redirectErrorStream(true).redirectOutput(home.resolve("sshd.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.readString(home.resolve("sshd.log")).contains("Server listening")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("sshd did not start: " + Files.readString(home.resolve("sshd.log")));
            }
            Thread.sleep(50);
        }
        return new TestSshd(port, home.resolve("host.pub"), p);
    }

    /** A known_hosts line for this server. */
    String knownHostsLine() throws IOException {
        String[] key = Files.readString(hostPublicKey).strip().split(" ");
        return "[127.0.0.1]:" + port + " " + key[0] + " " + key[1] + "\n";
    }

    String url(Path repo) {
        return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + repo.toAbsolutePath();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}

package ick.client.worker;

import ick.protocol.ActionResult;
import ick.protocol.WorkItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code where: chroot} and {@code where: container} with a real Debian system tree, chroot and bwrap. */
class SandboxTest {
    @TempDir
    Path dir;
    private Path workspace;

    @BeforeEach
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // a cold cache runs debootstrap: minutes
    void systree() throws Exception {
        workspace = Files.createDirectories(dir.resolve("ws/hello"));
        Files.createDirectories(dir.resolve("ws/.systrees"));
        Files.createSymbolicLink(dir.resolve("ws/.systrees/hello"), TestSystree.get().toRealPath());
    }

    @Test
    void aContainerRunsInTheSystreeWithAWritableWorkspaceAndNoHostFiles() throws Exception {
        Path hostOnly = Files.writeString(dir.resolve("host-only.txt"), "the host's");
        Files.writeString(workspace.resolve("from-host.txt"), "in the workspace");
        StringBuilder out = new StringBuilder();
        ActionResult result = run(Map.of("where", "container", "shell", """
                test "$(pwd)" = /workspace
                cat from-host.txt
                grep -q '^12' /etc/debian_version
                echo made inside > made-inside.txt
                if test -e %s; then echo HOST FILE VISIBLE; exit 1; fi
                if test -e /work || test -e /root/.m2; then echo HOST TREE VISIBLE; exit 1; fi
                test -z "$(ls -A /tmp)"
                echo $$ > /tmp/pid
                test "$(cat /tmp/pid)" -lt 10
                """.formatted(hostOnly)), out);
        assertThat(result.exitCode()).as(out.toString()).isZero();
        assertThat(out).contains("in the workspace");
        assertThat(workspace.resolve("made-inside.txt")).hasContent("made inside");
    }

    @Test
    void aContainerHasNoNetworkUnlessTheStepAsks() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        server.accept().close();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            String connect = "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo CONNECTED";
            StringBuilder off = new StringBuilder();
            ActionResult isolated = run(Map.of("where", "container", "shell", connect), off);
            assertThat(isolated.exitCode()).as(off.toString()).isNotZero();
            assertThat(off).doesNotContain("CONNECTED\n").contains("Connection refused");

            StringBuilder on = new StringBuilder();
            ActionResult networked = run(Map.of("where", "container", "network", true, "shell", connect), on);
            assertThat(networked.exitCode()).as(on.toString()).isZero();
            assertThat(on).contains("CONNECTED");
        }
    }

    /**
     * The repository's code in a {@code where: container} step may write anywhere in its tree (install a tool,
     * say), but only for that action: the tree on disk, which {@code action: deb}'s privileged container runs
     * later, stays as it was.
     */
    @Test
    void aContainerWritesItsTreeForItselfAloneAndTheTreeOnDiskStaysAsItWas() throws Exception {
        Path tree = TestSystree.get();
        Path tampered = tree.resolve("usr/bin/ick-test-tampered");
        byte[] dpkg = Files.readAllBytes(tree.resolve("usr/bin/dpkg"));
        try {
            StringBuilder out = new StringBuilder();
            ActionResult wrote = run(Map.of("where", "container", "shell", """
                    printf '#!/bin/sh\\necho tampered\\n' > /usr/bin/ick-test-tampered
                    chmod +x /usr/bin/ick-test-tampered
                    cp /usr/bin/ick-test-tampered /usr/bin/dpkg
                    test "$(ick-test-tampered)" = tampered
                    test "$(dpkg)" = tampered
                    echo in home > /root/note && cat /root/note
                    if touch /ick/root/usr/bin/dpkg 2>/dev/null; then echo WROTE THROUGH /ick; exit 1; fi
                    """), out);
            assertThat(wrote.exitCode()).as(out.toString()).isZero();
            assertThat(tampered).doesNotExist();
            assertThat(tree.resolve("usr/bin/dpkg")).hasBinaryContent(dpkg);
            assertThat(tree.resolve("root/note")).doesNotExist();

            StringBuilder next = new StringBuilder();
            ActionResult later = run(Map.of("where", "container", "shell", """
                    test ! -e /usr/bin/ick-test-tampered
                    test ! -e /root/note
                    """), next);
            assertThat(later.exitCode()).as(next.toString()).isZero();
        } finally { // before the overlay, the test wrote the shared tree: put it back
            Files.deleteIfExists(tampered);
            Files.deleteIfExists(tree.resolve("root/note"));
            if (!java.util.Arrays.equals(Files.readAllBytes(tree.resolve("usr/bin/dpkg")), dpkg)) {
                Files.write(tree.resolve("usr/bin/dpkg"), dpkg);
            }
        }
    }

    /** What a container writes outside the workspace is in memory: a full tmpfs fails the write, not the host. */
    @Test
    void aContainersWritesToItsTreeAndTmpEndWithNoSpaceLeftAtTheTmpfsSize() throws Exception {
        assumeTrue(Sandbox.runsAsRoot(), "the writable overlay needs root (else the tree is read-only)");
        StringBuilder out = new StringBuilder();
        ActionResult result = run(Map.of("where", "container", "shell", """
                { set +x; } 2>/dev/null
                dd if=/dev/zero of=/usr/big bs=1M count=16 || echo "the tree is full"
                dd if=/dev/zero of=/tmp/big bs=1M count=16 || echo "/tmp is full"
                echo "kept $(stat -c %s /usr/big) and $(stat -c %s /tmp/big) bytes"
                """), out, new WorkerLimits(Long.MAX_VALUE, 8 << 20));

        assertThat(result.exitCode()).as(out.toString()).isZero();
        assertThat(out).containsSubsequence("dd: error writing '/usr/big': No space left on device\n",
                "the tree is full\n", "dd: error writing '/tmp/big': No space left on device\n", "/tmp is full\n");
        String kept = out.substring(out.indexOf("kept "));
        assertThat(Long.parseLong(kept.split(" ")[1])).isLessThanOrEqualTo(8 << 20);
        assertThat(Long.parseLong(kept.split(" ")[3])).isLessThanOrEqualTo(8 << 20);
    }

    @Test
    void chrootRunsAsRootInsideTheSystreeWithTheWorkspace() throws Exception {
        StringBuilder out = new StringBuilder();
        ActionResult result = run(Map.of("where", "chroot", "shell", """
                test "$(id -u)" = 0
                test "$(pwd)" = /workspace
                grep -q '^12' /etc/debian_version
                test "$greeting" = hi
                echo from chroot > chrooted.txt
                """), out);
        assertThat(result.exitCode()).as(out.toString()).isZero();
        assertThat(workspace.resolve("chrooted.txt")).hasContent("from chroot");
    }

    private ActionResult run(Map<String, Object> step, StringBuilder out) throws Exception {
        return run(step, out, WorkerLimits.DEFAULTS);
    }

    private ActionResult run(Map<String, Object> step, StringBuilder out, WorkerLimits limits) throws Exception {
        WorkItem item = new WorkItem(1, "hello/1", "hello", 1, 1, new HashMap<>(step), Map.of("greeting", "hi"));
        ActionContext context = new ActionContext(item, workspace, Files.createTempDirectory(dir, "t"),
                Duration.ofSeconds(1), null, null, limits);
        return Actions.forStep(context).run(out::append);
    }
}

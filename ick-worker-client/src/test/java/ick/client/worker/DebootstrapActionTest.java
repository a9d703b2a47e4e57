package ick.client.worker;

import ick.protocol.WorkItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code action: debootstrap}'s processes, with a stand-in for debootstrap that leaves a daemon behind. */
class DebootstrapActionTest {
    @TempDir
    Path dir;

    @Test
    void aStopEndsADaemonThatDebootstrapStartedAndThatLeftItsSession() throws Exception {
        assumeTrue(ProcessTree.canMakePidNamespaces(), "needs PID namespaces (root): else such a daemon is left");
        String marker = "ick-test-debootstrap-daemon-" + UUID.randomUUID();
        Path debootstrap = Files.writeString(dir.resolve("debootstrap"), """
                #!/bin/bash
                ( setsid bash -c 'exec -a %s sleep 300' </dev/null >/dev/null 2>&1 & )
                echo unpacking
                sleep 300
                """.formatted(marker));
        Files.setPosixFilePermissions(debootstrap, PosixFilePermissions.fromString("rwx------"));
        WorkItem item = new WorkItem(1, "hello/1", "hello", 1, 0,
                Map.of("action", "debootstrap", "mirror", "http://deb.example.org/debian"), Map.of());
        DebootstrapAction action = new DebootstrapAction(new ActionContext(item,
                Files.createDirectories(dir.resolve("ws/hello")), Files.createDirectories(dir.resolve("tmp")),
                Duration.ofMillis(500)), debootstrap.toString());
        try {
            Processes.Stopped stopped = Processes.stopOnceRunning(action, marker);

            assertThat(stopped.marked()).hasSize(1);
            assertThat(stopped.result().message()).isEqualTo("stopped");
            assertThat(stopped.marked()).noneMatch(Processes::alive);
            assertThat(dir.resolve("ws/.systrees/hello")).doesNotExist();
        } finally {
            Processes.killWithArgument(marker);
        }
    }
}

package ick.client.worker;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessTreeTest {
    @Test
    void pidsHandedOutCountBothEndsAndGoRoundFrom300() {
        assertThat(ProcessTree.pidsFrom(100, 150, 32768)).isEqualTo(51);
        assertThat(ProcessTree.pidsFrom(100, 100, 32768)).isEqualTo(1);
        // 32760..32767, then 300..305
        assertThat(ProcessTree.pidsFrom(32760, 305, 32768)).isEqualTo(14);
        assertThat(ProcessTree.pidsFrom(100, -1, 32768)).as("ns_last_pid unreadable").isZero();
        assertThat(ProcessTree.pidsFrom(100, 150, -1)).as("pid_max unreadable").isZero();
    }

    @Test
    void aBackgroundJobLeftByTheExitedProcessIsFoundBothWaysAndNotAfterTerminate() throws Exception {
        ProcessTree tree = ProcessTree.start(new ProcessBuilder("sh", "-c", "sleep 60 & exit 0"));
        Process stranger = new ProcessBuilder("sleep", "60").start(); // started after it, in the JVM's own group
        try {
            assertThat(tree.process().waitFor()).isZero();

            assertThat(tree.liveMemberAmongNewPids()).as("among the new pids").isTrue();
            assertThat(tree.liveMemberInProc()).as("in all of /proc").isTrue();
            assertThat(tree.hasLiveMember()).isTrue();

            tree.terminate(Duration.ofSeconds(2));

            assertThat(tree.liveMemberAmongNewPids()).isFalse();
            assertThat(tree.liveMemberInProc()).isFalse();
            assertThat(stranger.isAlive()).as("a process outside the group").isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void aGroupWhoseProcessesAllEndedHasNoLiveMember() throws Exception {
        ProcessTree tree = ProcessTree.start(new ProcessBuilder("sh", "-c", "sleep 0.1 & wait"));
        assertThat(tree.process().waitFor()).isZero();

        assertThat(tree.liveMemberAmongNewPids()).isFalse();
        assertThat(tree.liveMemberInProc()).isFalse();
    }
}

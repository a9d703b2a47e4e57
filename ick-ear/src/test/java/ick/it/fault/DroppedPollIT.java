package ick.it.fault;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker stopped while its long poll ({@code GET /work}) is open: the controller must notice the closed
 * connection and give the next action to a worker that is there, not to the dead poll (where it would be lost
 * until its lease runs out and then fail as "worker lost"). The dead worker polled first, so without that
 * check it would be handed the action.
 */
class DroppedPollIT {
    private static final int LEASE_SECONDS = 30;
    private static FaultEnv env;
    private static ControllerProcess controller;
    private static Ick admin;
    private static final List<WorkerProcess> workers = new ArrayList<>();

    @BeforeAll
    static void start() {
        env = FaultEnv.create("dropped-poll");
        controller = env.controller("a", 808, Map.of("ick.lease.seconds", Integer.toString(LEASE_SECONDS))).start();
        admin = Ick.admin(controller.url());
        admin.makeItSo("""
                {"projects": [{"project": "after-a-dead-poll", "pipelines": ["echo"]}],
                 "pipelines": [{"pipeline": "echo", "actions": [{"shell": "echo ran on $HOSTNAME"}]}]}""");
    }

    @AfterAll
    static void stop() {
        workers.forEach(WorkerProcess::close);
        if (controller != null) {
            controller.close();
        }
    }

    private static WorkerProcess polling(String id) {
        WorkerProcess w = WorkerProcess.start(admin, controller.url(), id, env.dir);
        workers.add(w);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!w.log().contains("registered with")) {
            assertThat(System.nanoTime()).as(id + " registers").isLessThan(deadline);
            ControllerProcess.sleep(100);
        }
        ControllerProcess.sleep(1000); // its first poll is open on the controller
        return w;
    }

    /** Triggers a build and asserts that the worker that is there ran it, well within the lease. */
    private static void aBuildRunsOn(String alive) {
        long triggered = System.nanoTime();
        long number = admin.trigger("after-a-dead-poll");
        JsonNode build = admin.awaitEnd("after-a-dead-poll", number, Duration.ofSeconds(LEASE_SECONDS + 30));
        double seconds = (System.nanoTime() - triggered) / 1e9;
        String log = admin.log("after-a-dead-poll", number);
        System.out.printf("build %d %s %.1f s after the trigger (lease %d s)%n", number, build.get("state").asText(),
                seconds, LEASE_SECONDS);
        assertThat(build.get("state").asText()).as(log).isEqualTo("succeeded");
        assertThat(log).doesNotContain("worker lost");
        for (JsonNode action : admin.actions("after-a-dead-poll", number)) {
            assertThat(action.get("worker").asText()).isEqualTo(alive);
            assertThat(action.get("attempt").asInt()).isEqualTo(1);
        }
        assertThat(seconds).as("well within the lease").isLessThan(10);
    }

    @Test
    void aWorkerKilledWhilePollingIsNotHandedTheNextAction() {
        WorkerProcess dead = polling("dp-killed");
        dead.kill(); // SIGKILL: its kernel closes the poll's connection
        WorkerProcess alive = polling("dp-alive-1");
        try {
            aBuildRunsOn("dp-alive-1");
        } finally {
            alive.close(); // stopped while polling too: no other test may find it waiting
        }
    }

    @Test
    void aWorkerStoppedWhilePollingIsNotHandedTheNextAction() {
        WorkerProcess stopped = polling("dp-stopped");
        stopped.close(); // SIGTERM: it abandons its poll and exits
        assertThat(stopped.log()).contains("stopped");
        WorkerProcess alive = polling("dp-alive-2");
        try {
            aBuildRunsOn("dp-alive-2");
        } finally {
            alive.close();
        }
    }
}

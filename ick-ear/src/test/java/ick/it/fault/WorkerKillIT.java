package ick.it.fault;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real worker processes SIGKILLed (or frozen with SIGSTOP) in the middle of an action: the controller notices
 * within its lease (a few seconds here), fails the action as "worker lost" or runs it again where it says
 * {@code retry: 1}; no build stays running. A frozen worker that wakes up after its action was given to
 * another one is refused and stops the action's processes. The retried pipelines have {@code workspace: own}:
 * a {@code shared} pipeline's actions must run where the build's workspace is, on the lost worker.
 */
class WorkerKillIT {
    private static final int LEASE_SECONDS = 4;
    private static FaultEnv env;
    private static ControllerProcess controller;
    private static Ick admin;
    /**
     * The workers of all tests, stopped only at the end: a worker stopped while it long-polls leaves its poll
     * waiting on the controller, which would hand the next test's first action to the dead poll (lost for a lease).
     */
    private static final List<WorkerProcess> workers = new ArrayList<>();

    @BeforeAll
    static void start() {
        env = FaultEnv.create("worker-kill");
        controller = env.controller("a", 807, Map.of("ick.lease.seconds", Integer.toString(LEASE_SECONDS),
                "ick.lease.sweep-millis", "500")).start();
        admin = Ick.admin(controller.url());
        admin.makeItSo("""
                {"projects": [
                   {"project": "no-retry", "pipelines": ["ticks"]},
                   {"project": "with-retry", "pipelines": ["ticks-retried"]},
                   {"project": "frozen", "pipelines": ["ticks-retried-pid"]},
                   {"project": "shared-retry", "pipelines": ["ticks-retried-shared"]}],
                 "pipelines": [
                   {"pipeline": "ticks", "actions": [
                     {"shell": "for i in $(seq 1 60); do echo tick $i; sleep 1; done"},
                     {"shell": "echo never"}]},
                   {"pipeline": "ticks-retried", "workspace": "own", "actions": [
                     {"shell": "echo \\"running; attempt on this worker\\"; for i in $(seq 1 6); do echo tick $i; sleep 1; done", "retry": 1},
                     {"shell": "echo after the retried action"}]},
                   {"pipeline": "ticks-retried-shared", "actions": [
                     {"shell": "for i in $(seq 1 60); do echo tick $i; sleep 1; done", "retry": 1}]},
                   {"pipeline": "ticks-retried-pid", "workspace": "own", "actions": [
                     {"shell": "if [ ! -e %1$s ]; then echo $$ > %1$s; for i in $(seq 1 120); do echo tick $i; sleep 1; done; else echo second run; fi", "retry": 1}]}]}"""
                .formatted(env.dir.resolve("frozen-pid.txt")));
    }

    @AfterAll
    static void stop() {
        workers.forEach(WorkerProcess::close);
        if (controller != null) {
            controller.close();
        }
    }

    private static WorkerProcess worker(String id) {
        WorkerProcess w = WorkerProcess.start(admin, controller.url(), id, env.dir);
        workers.add(w);
        return w;
    }

    /**
     * The build's action whose shell prints ticks, if the graph has it yet: the graph is expanded by the build's
     * batch job after the trigger answered, and begins with the built-in {@code create_workspace}.
     */
    static Optional<JsonNode> findTicking(String project, long number) {
        for (JsonNode a : admin.actions(project, number)) {
            if (a.get("step").path("shell").asText().contains("tick")) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static JsonNode ticking(String project, long number) {
        return findTicking(project, number)
                .orElseThrow(() -> new AssertionError("no ticking action in " + project + "/" + number));
    }

    /** Waits until the ticking action of the build is building and ticking; returns the name of its worker. */
    private static String awaitHolder(String project, long number) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> action = findTicking(project, number);
            if (action.isPresent() && action.get().get("state").asText().equals("building")
                    && admin.log(project, number).contains("tick 2")) {
                return action.get().get("worker").asText();
            }
            ControllerProcess.sleep(200);
        }
        throw new AssertionError("the ticking action of " + project + "/" + number + " did not start: "
                + admin.build(project, number) + " " + admin.actions(project, number) + "\n" + admin.log(project, number));
    }

    private static WorkerProcess byName(String name) {
        return workers.stream().filter(w -> w.id.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aKilledWorkersActionFailsAsWorkerLostWithinTheLease() {
        worker("wk-1");
        long number = admin.trigger("no-retry");
        WorkerProcess holder = byName(awaitHolder("no-retry", number));
        long killed = System.nanoTime();
        holder.kill().forEach(ProcessHandle::destroyForcibly); // the orphaned shell too: this host "died"

        JsonNode build = admin.awaitEnd("no-retry", number, Duration.ofSeconds(LEASE_SECONDS + 30));
        double seconds = (System.nanoTime() - killed) / 1e9;
        String log = admin.log("no-retry", number);
        System.out.printf("build ended %s %.1f s after the worker was killed (lease %d s)%n",
                build.get("state").asText(), seconds, LEASE_SECONDS);
        assertThat(build.get("state").asText()).as(log).isEqualTo("failed");
        assertThat(log).contains("worker lost").doesNotContain("never");
        JsonNode actions = admin.actions("no-retry", number);
        assertThat(ticking("no-retry", number).get("state").asText()).isEqualTo("failed");
        assertThat(actions.get(actions.size() - 1).get("state").asText()).isIn("skipped", "cancelled");
        assertThat(seconds).isLessThan(LEASE_SECONDS + 6);
    }

    @Test
    void withRetryTheActionRunsAgainOnAnotherWorkerAndTheBuildSucceeds() {
        worker("wr-1");
        worker("wr-2");
        long number = admin.trigger("with-retry");
        String first = awaitHolder("with-retry", number);
        byName(first).kill().forEach(ProcessHandle::destroyForcibly);

        JsonNode build = admin.awaitEnd("with-retry", number, Duration.ofSeconds(LEASE_SECONDS + 60));
        String log = admin.log("with-retry", number);
        assertThat(build.get("state").asText()).as(log).isEqualTo("succeeded");
        JsonNode action = ticking("with-retry", number);
        System.out.println("retried action: " + action);
        assertThat(action.get("worker").asText()).isNotEqualTo(first);
        assertThat(action.get("attempt").asInt()).isEqualTo(2);
        assertThat(log).contains("worker lost").contains("runs again").contains("after the retried action")
                .contains("tick 6");
    }

    @Test
    void aRetriedActionOfASharedPipelineFailsWhenTheWorkspaceWasOnTheLostWorker() {
        worker("ws-1");
        worker("ws-2");
        long number = admin.trigger("shared-retry");
        String first = awaitHolder("shared-retry", number);
        long killed = System.nanoTime();
        byName(first).kill().forEach(ProcessHandle::destroyForcibly);

        // the other worker may not run it (it needs the build's workspace, which was on the lost worker):
        // given out again, it would stay ready for ever and the build would never end
        JsonNode build = admin.awaitEnd("shared-retry", number, Duration.ofSeconds(LEASE_SECONDS + 30));
        double seconds = (System.nanoTime() - killed) / 1e9;
        String log = admin.log("shared-retry", number);
        System.out.printf("shared retried action: build %s %.1f s after the kill%n", build.get("state").asText(), seconds);
        assertThat(build.get("state").asText()).as(log).isEqualTo("failed");
        assertThat(log).contains("worker lost").contains("not run again").doesNotContain("runs again");
        assertThat(ticking("shared-retry", number).get("attempt").asInt()).isEqualTo(1);
        assertThat(seconds).isLessThan(LEASE_SECONDS + 6);
    }

    @Test
    void aFrozenWorkerThatWakesUpAfterItsActionWasGivenOutAgainIsRefusedAndStopsIt() throws Exception {
        worker("wf-1");
        worker("wf-2");
        long number = admin.trigger("frozen");
        String first = awaitHolder("frozen", number);
        WorkerProcess frozen = byName(first);
        long shellPid = ick.it.ActionPids.hostPid(
                Long.parseLong(java.nio.file.Files.readAllLines(env.dir.resolve("frozen-pid.txt")).get(0).strip()), env.dir);
        frozen.pause(); // the JVM only: its action's shell goes on printing into a pipe nobody reads

        // the other worker gets the action again (attempt 2) once the lease has run out
        long deadline = System.nanoTime() + Duration.ofSeconds(LEASE_SECONDS + 30).toNanos();
        while (ticking("frozen", number).get("attempt").asInt() < 2) {
            assertThat(System.nanoTime()).as("given out again").isLessThan(deadline);
            ControllerProcess.sleep(200);
        }
        frozen.resume();

        JsonNode build = admin.awaitEnd("frozen", number, Duration.ofSeconds(60));
        String log = admin.log("frozen", number);
        assertThat(build.get("state").asText()).as(log).isEqualTo("succeeded");
        assertThat(log).contains("second run");
        long stopDeadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (ProcessHandle.of(shellPid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < stopDeadline) {
            ControllerProcess.sleep(200);
        }
        String workerLog = frozen.log();
        System.out.println("the woken worker's log says: " + workerLog.lines()
                .filter(l -> l.contains("no longer")).findFirst().orElse("(nothing)"));
        assertThat(ProcessHandle.of(shellPid).map(ProcessHandle::isAlive).orElse(false))
                .as("the woken worker stopped its stale action's shell " + shellPid).isFalse();
        assertThat(workerLog).contains("no longer");
        assertThat(frozen.isAlive()).as("the woken worker goes on serving").isTrue();
    }
}

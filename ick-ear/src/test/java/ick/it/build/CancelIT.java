package ick.it.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.ActionPids;
import ick.it.Api;
import ick.it.Icktool;
import ick.it.TestEnv;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code icktool cancel} against a real worker whose action left processes that ignore SIGTERM: the whole
 * tree is dead within 5 s (and collected by init soon after), the build ends cancelled, and the worker goes on with the next build.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CancelIT {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String WORKER = "cancel-worker-" + ID;
    private static LocalWorkers workers;

    private final Api admin = Api.admin();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeAll
    static void startWorker() {
        workers = new LocalWorkers("cancel-" + ID);
        workers.start(WORKER, List.of());
        workers.awaitRegistered(WORKER);
    }

    @AfterAll
    static void stopWorker() throws Exception {
        if (workers != null) {
            workers.close();
        }
    }

    private void define(String project, String pipeline, String actions) {
        String file = "{\"projects\": [{\"project\": \"" + project + "\", \"pipelines\": [\"" + pipeline + "\"]}],"
                + " \"pipelines\": [{\"pipeline\": \"" + pipeline + "\", \"actions\": [" + actions + "]}]}";
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private JsonNode actions(String project, long number) {
        return Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number + "/actions"));
    }

    private String state(String project, long number) {
        return Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number)).get("state").asText();
    }

    /**
     * A process of the action's tree: its pid and its start time (clock ticks after boot), so that another process
     * that gets the pid later is never taken for it.
     */
    private record Proc(long pid, String startTime) {
        static Proc of(long pid) {
            String[] stat = stat(pid);
            assertThat(stat).as("pid " + pid + " exists").isNotNull();
            return new Proc(pid, stat[19]);
        }

        /** It still exists (running, or a zombie whose exit status init has not collected yet). */
        boolean exists() {
            String[] stat = stat(pid);
            return stat != null && stat[19].equals(startTime);
        }

        /** It runs: it exists and is not a zombie. */
        boolean runs() {
            String[] stat = stat(pid);
            return stat != null && stat[19].equals(startTime) && !stat[0].equals("Z") && !stat[0].equals("X");
        }

        /** The fields of /proc/PID/stat after the command's name (state first), or null if there is no such pid. */
        private static String[] stat(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            } catch (IOException gone) {
                return null;
            }
        }
    }

    @Test
    void cancelKillsTheWholeProcessTreeAndTheWorkerTakesTheNextAction() throws Exception {
        String project = "cancel-" + ID;
        Path pids = workers.dir().resolve("pids");
        // A child and a grandchild that ignore SIGTERM (so do their sleeps: an ignored signal stays ignored
        // across exec), each writing its pid; then the action's own shell sleeps too.
        String script = "( trap '' TERM; ( trap '' TERM; echo $BASHPID >> " + pids + "; sleep 300 ) &"
                + " echo $BASHPID >> " + pids + "; sleep 300 ) & sleep 300";
        define(project, "slow-" + ID, "{\"shell\": " + LocalWorkers.quote(script) + "}, {\"shell\": \"echo never runs\"}");
        long number = admin.trigger(project);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                Files.exists(pids) && Files.readAllLines(pids).size() == 2);
        List<Proc> tree = Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong)
                .map(pid -> ActionPids.hostPid(pid, workers.dir())).map(Proc::of).toList();
        tree.forEach(p -> assertThat(p.runs()).as("pid " + p.pid() + " runs").isTrue());
        // run ahead of create_workspace's result, the action is given to its worker up to ~100 ms after it started
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> actions(project, number).get(1).get("state").asText().equals("building"));

        // icktool is a JVM of its own (seconds to start on a busy machine): the clock starts when the
        // controller has taken the cancel (the running action turns cancelled), seen by polling meanwhile.
        long launched = System.nanoTime();
        CompletableFuture<Icktool.Result> cancel = CompletableFuture.supplyAsync(
                () -> workers.icktool(120, "cancel", project + "/" + number));
        long requested = 0;
        while (requested == 0 && !cancel.isDone()) {
            if (actions(project, number).get(1).get("state").asText().equals("cancelled")) {
                requested = System.nanoTime();
            }
        }
        Icktool.Result result = cancel.get(120, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("build " + project + "/" + number);
        if (requested == 0) {
            requested = System.nanoTime(); // answered before a poll saw it: the clock starts late, not early
        }
        long deadline = requested + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && tree.stream().anyMatch(Proc::runs)) {
            Thread.sleep(10);
        }
        long dead = System.nanoTime();
        tree.forEach(p -> assertThat(p.runs()).as("pid " + p.pid() + " runs 5 s after the cancel").isFalse());
        // A killed orphan stays in /proc as a zombie until init collects it: this machine's init does that only
        // every ~2 s (an orphaned `sleep` stayed a zombie for 1.5-2.0 s). It must still happen, well before this.
        long reapDeadline = requested + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < reapDeadline && tree.stream().anyMatch(Proc::exists)) {
            Thread.sleep(10);
        }
        long reaped = System.nanoTime();
        System.out.printf("cancel latency: cancel taken by the controller -> process tree dead %d ms, reaped by init"
                        + " %d ms (icktool launched -> cancel taken %d ms)%n", (dead - requested) / 1_000_000,
                (reaped - requested) / 1_000_000, (requested - launched) / 1_000_000);
        tree.forEach(p -> assertThat(p.exists()).as("pid " + p.pid() + " reaped").isFalse());

        await().atMost(Duration.ofSeconds(30)).until(() -> state(project, number).equals("cancelled"));
        JsonNode actions = actions(project, number);
        assertThat(actions.get(1).get("state").asText()).isEqualTo("cancelled");
        assertThat(actions.get(2).get("state").asText()).as("not started").isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.get("/api/v1/projects/" + project + "/builds/" + number + "/log").body())
                        .contains("cancelled by admin")
                        .contains("action 1 (cancelled) stopped on " + WORKER));

        String next = "after-cancel-" + ID;
        define(next, "quick-" + ID, "{\"shell\": \"echo the next build ran\"}");
        long nextNumber = admin.trigger(next);
        await().atMost(Duration.ofSeconds(60)).until(() -> state(next, nextNumber).equals("succeeded"));
        JsonNode nextActions = actions(next, nextNumber);
        assertThat(nextActions.get(1).get("worker").asText()).isEqualTo(WORKER);
        assertThat(admin.get("/api/v1/projects/" + next + "/builds/" + nextNumber + "/log").body())
                .contains("the next build ran");
    }
}

package ick.it.fault;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller's JVM is SIGKILLed in the middle of a build and started again: the worker keeps its action
 * running, buffers its output, reconnects, and every line reaches the stored log exactly once.
 */
class ControllerKillIT {
    private static final int LINES = 100;
    private static FaultEnv env;
    private static ControllerProcess controller;
    private static WorkerProcess worker;

    @BeforeAll
    static void start() {
        env = FaultEnv.create("controller-kill");
        controller = env.controller("a", 801, Map.of()).start();
        worker = WorkerProcess.start(Ick.admin(controller.url()), controller.url(), "ck-worker-1", env.dir);
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void everyLineIsStoredExactlyOnceAcrossAKillAndRestart() {
        Ick admin = Ick.admin(controller.url());
        admin.makeItSo("""
                {"projects": [{"project": "counting", "pipelines": ["count"]}],
                 "pipelines": [{"pipeline": "count", "actions": [
                   {"shell": "for i in $(seq 1 %d); do echo \\"line $i\\"; sleep 0.2; done"},
                   {"shell": "echo second action ran"}]}]}""".formatted(LINES));
        long number = admin.trigger("counting");

        awaitLogContains(admin, number, "line 15\n", Duration.ofSeconds(60));
        long killedAt = System.nanoTime();
        controller.kill();
        ControllerProcess.sleep(2000); // the worker meets a dead port for a while
        controller.start();
        System.out.printf("controller down for %.1f s%n", (System.nanoTime() - killedAt) / 1e9);

        Ick again = Ick.admin(controller.url());
        JsonNode build = again.awaitEnd("counting", number, Duration.ofSeconds(90));
        String log = again.log("counting", number);
        assertThat(build.get("state").asText()).as(log).isEqualTo("succeeded");

        List<Integer> seen = numberedLines(log);
        System.out.println("numbered lines in the stored log: " + seen.size());
        assertThat(seen).as("each line once, in order").isEqualTo(java.util.stream.IntStream.rangeClosed(1, LINES).boxed().toList());
        assertThat(log).contains("second action ran");
        assertThat(worker.isAlive()).isTrue();
    }

    static List<Integer> numberedLines(String log) {
        Matcher m = Pattern.compile("(?m)^line (\\d+)$").matcher(log);
        List<Integer> numbers = new java.util.ArrayList<>();
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        return numbers;
    }

    static void awaitLogContains(Ick ick, long number, String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ick.log("counting", number).contains(text)) {
                return;
            }
            ControllerProcess.sleep(200);
        }
        throw new AssertionError("no \"" + text.strip() + "\" in the log within " + timeout);
    }
}

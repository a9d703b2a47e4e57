package ick.client.worker;

import ick.protocol.ActionResult;
import ick.protocol.WorkItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ScriptActionTest {
    @TempDir
    Path dir;

    @Test
    void shellSeesParametersInItsEnvironmentAndThroughParams() throws Exception {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("greeting", "hello world");
        parameters.put("targets", List.of("amd64", "arm64"));
        parameters.put("jobs", 4);

        Run run = shell("""
                echo "greeting=$greeting"
                echo "targets=$targets jobs=$jobs"
                params | grep -q '"greeting":"hello world"' && echo params-works
                echo "build=$BUILD_NUMBER id=$ICK_BUILD_ID project=$ICK_PROJECT"
                echo "params-file=$ICK_PARAMS_FILE"
                echo "cwd=$(pwd)"
                """, parameters);

        assertThat(run.result).isEqualTo(new ActionResult(0, null));
        assertThat(run.output).contains("greeting=hello world\n", "targets=[\"amd64\",\"arm64\"] jobs=4\n",
                "params-works\n", "build=42 id=hello/42 project=hello\n", "cwd=" + workspace() + "\n");
        String paramsFile = run.output.lines().filter(l -> l.startsWith("params-file=")).findFirst().orElseThrow();
        assertThat(paramsFile).doesNotContain(workspace().toString());
    }

    @Test
    void stdoutAndStderrAreMergedInOrderWithTheTrace() throws Exception {
        Run run = shell("echo one; echo two >&2; echo three", Map.of());

        assertThat(run.output).containsSubsequence("+ echo one\n", "one\n", "+ echo two\n", "two\n", "+ echo three\n",
                "three\n");
    }

    @Test
    void nonZeroExitIsTheResultAndAFailingCommandEndsTheScript() throws Exception {
        assertThat(shell("exit 3", Map.of()).result.exitCode()).isEqualTo(3);

        Run failing = shell("false\necho not reached", Map.of());
        assertThat(failing.result.exitCode()).isEqualTo(1);
        assertThat(failing.output).doesNotContain("not reached\n");
    }

    @Test
    void pythonGetsParamsAsADict() throws Exception {
        Run run = run(ScriptAction::python, """
                import sys
                print("targets:", ",".join(params["targets"]))
                print("to stderr", file=sys.stderr)
                sys.exit(4)
                """, Map.of("targets", List.of("a", "b")));

        assertThat(run.result.exitCode()).isEqualTo(4);
        assertThat(run.output).containsSubsequence("targets: a,b\n", "to stderr\n");
    }

    @Test
    void stopKillsChildAndGrandchildThatTrapTerm() throws Exception {
        Path pids = dir.resolve("pids");
        String marker = marker();
        ScriptAction action = ScriptAction.shell("""
                bash -c '
                  trap "echo child ignores TERM" TERM
                  echo $$ >> %1$s
                  bash -c "trap \\"echo grandchild ignores TERM\\" TERM; echo \\$\\$ >> %1$s; while true; do sleep 0.1; done" %2$s &
                  while true; do sleep 0.1; done
                ' %2$s
                """.formatted(pids, marker), context(Map.of(), Duration.ofMillis(500)));
        StringBuffer output = new StringBuffer();
        CompletableFuture<ActionResult> result = CompletableFuture.supplyAsync(() -> {
            try {
                return action.run(output::append);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!Files.exists(pids) || Files.readAllLines(pids).size() < 2) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // the pids written are the action's namespace's: found by the marker in their command lines instead, once
        // the child's fork for the grandchild (a copy of the child, same command line) has exec'd
        List<Long> started = Processes.withArgument(marker);
        while (started.size() != 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            started = Processes.withArgument(marker);
        }
        assertThat(started).hasSize(2);

        action.stop();

        assertThat(result.get(5, TimeUnit.SECONDS).exitCode()).isNotZero();
        assertThat(result.get().message()).isEqualTo("stopped");
        long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (started.stream().anyMatch(Processes::alive) && System.nanoTime() < gone) {
            Thread.sleep(20);
        }
        assertThat(started).noneMatch(Processes::alive);
    }

    @Test
    void backgroundProcessLeftRunningDoesNotHoldTheActionOpen() throws Exception {
        String marker = marker();
        long start = System.nanoTime();

        // no trace line from the background shell: when the script exits, the JDK drains what is left in the
        // output pipe and closes it, and a leftover that writes after that dies of SIGPIPE before the worker
        // sees it (the test failed so whenever its pump thread was not yet reading)
        Run run = shell("{ set +x; } 2>/dev/null\n(exec -a " + marker + " sleep 600) &\necho done", Map.of());

        assertThat(run.result.exitCode()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        if (!ProcessTree.canMakePidNamespaces()) { // else the kernel ended it with the namespace
            assertThat(run.output).contains("ick: ending the processes the action left running in the background");
        }
        assertThat(Processes.withArgument(marker)).isEmpty();
    }

    /** A background job that starts a session of its own ({@code setsid}) leaves the process group, not the action. */
    @Test
    void aBackgroundJobInASessionOfItsOwnEndsWithTheAction() throws Exception {
        assumeTrue(ProcessTree.canMakePidNamespaces(), "needs PID namespaces (root): else such a job is left");
        String marker = marker();
        try {
            Run run = shell("setsid bash -c 'exec -a " + marker + " sleep 300' </dev/null >/dev/null 2>&1 &\n"
                    + "sleep 0.5", Map.of());

            assertThat(run.result.exitCode()).isZero();
            assertThat(Processes.withArgument(marker)).isEmpty();
        } finally {
            Processes.killWithArgument(marker);
        }
    }

    /** In its PID namespace an action is not init, and ignores no signal its init's shell would have. */
    @Test
    void anActionInItsPidNamespaceTakesInterruptAndQuitAndIsNotInit() throws Exception {
        assumeTrue(ProcessTree.canMakePidNamespaces(), "needs PID namespaces (root)");
        Run run = shell("echo pid $$; grep SigIgn /proc/self/status", Map.of());
        assertThat(run.result.exitCode()).isZero();
        assertThat(run.output).doesNotContain("pid 1\n");
        String mask = run.output.lines().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow()
                .substring("SigIgn:".length()).strip();
        assertThat(Long.parseLong(mask, 16) & 0b110).as("SIGINT and SIGQUIT ignored? mask " + mask).isZero();
    }

    /** A stop ends a daemon that forked twice and left the session too. */
    @Test
    void aStopEndsADoubleForkedDaemon() throws Exception {
        assumeTrue(ProcessTree.canMakePidNamespaces(), "needs PID namespaces (root): else such a daemon is left");
        String marker = marker();
        ScriptAction action = ScriptAction.shell("( setsid bash -c 'exec -a " + marker + " sleep 300' </dev/null"
                + " >/dev/null 2>&1 & )\nsleep 300", context(Map.of(), Duration.ofMillis(500)));
        try {
            Processes.Stopped stopped = Processes.stopOnceRunning(action, marker);

            assertThat(stopped.marked()).hasSize(1);
            assertThat(stopped.result().message()).isEqualTo("stopped");
            assertThat(stopped.marked()).noneMatch(Processes::alive);
        } finally {
            Processes.killWithArgument(marker);
        }
    }

    /** What the action left running cannot write into its output once run() returned. */
    @Test
    void noOutputArrivesAfterTheActionEnded() throws Exception {
        assumeTrue(ProcessTree.canMakePidNamespaces(), "needs PID namespaces (root): else a leftover may write");
        String marker = marker();
        StringBuffer output = new StringBuffer();
        try {
            ActionResult result = ScriptAction.shell("{ set +x; } 2>/dev/null\nsetsid bash -c 'sleep 2; echo LATE-OUTPUT;"
                    + " exec -a " + marker + " sleep 300' &\nsleep 0.5", context(Map.of(), Duration.ofMillis(500)))
                    .run(output::append);
            int atEnd = output.length();
            Thread.sleep(3000);

            assertThat(result.exitCode()).isZero();
            assertThat(output.toString()).doesNotContain("LATE-OUTPUT");
            assertThat(output.length()).isEqualTo(atEnd);
        } finally {
            Processes.killWithArgument(marker);
        }
    }

    @Test
    void stoppedBeforeStartingNeverStarts() throws Exception {
        Path marker = dir.resolve("ran");
        ScriptAction action = ScriptAction.shell("touch " + marker, context(Map.of(), Duration.ofSeconds(1)));

        action.stop();
        ActionResult result = action.run(text -> { });

        assertThat(result.exitCode()).isNotZero();
        assertThat(marker).doesNotExist();
    }

    /** A word no other process's command line holds, to find the action's processes by. */
    private static String marker() {
        return "ick-test-marker-" + System.nanoTime();
    }

    private record Run(ActionResult result, String output) {
    }

    private interface Factory {
        ScriptAction make(String code, ActionContext context);
    }

    private Run shell(String code, Map<String, Object> parameters) throws Exception {
        return run(ScriptAction::shell, code, parameters);
    }

    private Run run(Factory factory, String code, Map<String, Object> parameters) throws Exception {
        StringBuffer output = new StringBuffer();
        ActionResult result = factory.make(code, context(parameters, Duration.ofSeconds(1))).run(output::append);
        return new Run(result, output.toString());
    }

    private ActionContext context(Map<String, Object> parameters, Duration grace) throws Exception {
        Path temp = Files.createTempDirectory(dir, "action-");
        WorkItem item = new WorkItem(1, "hello/42", "hello", 42, 0, Map.of("shell", "..."), parameters);
        return new ActionContext(item, workspace(), temp, grace);
    }

    private Path workspace() {
        return dir.resolve("workspaces").resolve("hello");
    }
}

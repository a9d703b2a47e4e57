package ick.client.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import ick.protocol.ActionResult;
import ick.protocol.Json;
import ick.protocol.WorkItem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code shell:} or {@code python:} action: the code, after a prelude that gives it {@code params}, is
 * written to a script file in the action's temp directory and run in the workspace, in a process group of
 * its own. Its stdout and stderr go, merged in order, to the action's output. The environment is the
 * worker's, plus each parameter (text as is, anything else as JSON), {@code BUILD_NUMBER},
 * {@code ICK_BUILD_ID}, {@code ICK_PROJECT} and {@code ICK_PARAMS_FILE} (the parameters as a JSON file).
 */
final class ScriptAction implements Action {
    static final String SHELL_PRELUDE = """
            set -xeu
            # params: all parameters of this action, as JSON (e.g. params | jq -r .git_url)
            params() { cat "$ICK_PARAMS_FILE"; }
            """;
    static final String PYTHON_PRELUDE = """
            import json as _ick_json, os as _ick_os
            with open(_ick_os.environ["ICK_PARAMS_FILE"], encoding="utf-8") as _ick_file:
                params = _ick_json.load(_ick_file)  # all parameters of this action
            del _ick_json, _ick_os, _ick_file
            """;
    /** How long the output may take to be read to its end after the script has exited. */
    private static final long PUMP_MILLIS = 5000;
    /** A read of the output pipe takes what the pipe holds, up to its default capacity on Linux. */
    private static final int PIPE_READ = 64 * 1024;
    /**
     * The threads that copy actions' output: kept between actions (a worker runs one after another), so a
     * short action does not pay for a new thread.
     */
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "action-output");
        thread.setDaemon(true);
        return thread;
    });

    private final List<String> interpreter;
    private final String scriptName;
    private final String script;
    private final ActionContext context;
    /** Where it runs: null for the host. */
    private final Sandbox sandbox;
    private ProcessTree tree;
    private boolean stopped;

    private ScriptAction(List<String> interpreter, String scriptName, String script, ActionContext context,
                         Sandbox sandbox) {
        this.interpreter = interpreter;
        this.scriptName = scriptName;
        this.script = script;
        this.context = context;
        this.sandbox = sandbox;
    }

    static ScriptAction shell(String code, ActionContext context) {
        return shell(code, context, Sandbox.of(context));
    }

    /** A shell script of a built-in action, run in {@code sandbox} (null: the host) whatever the step says. */
    static ScriptAction shell(String code, ActionContext context, Sandbox sandbox) {
        return new ScriptAction(List.of("bash"), "script.sh", SHELL_PRELUDE + code + "\n", context, sandbox);
    }

    static ScriptAction python(String code, ActionContext context) {
        // -u: unbuffered, so that print() and tracebacks interleave as they happened
        return new ScriptAction(List.of("python3", "-u"), "script.py", PYTHON_PRELUDE + code + "\n", context,
                Sandbox.of(context));
    }

    @Override
    public ActionResult run(ActionOutput out) throws InterruptedException {
        Process process;
        try {
            ProcessBuilder builder = prepare(out);
            synchronized (this) {
                if (stopped) {
                    return new ActionResult(1, "stopped before it started");
                }
                tree = ProcessTree.start(builder);
            }
            process = tree.process();
            process.getOutputStream().close(); // no input: a script reading stdin sees its end at once
        } catch (IOException e) {
            out.line("ick: cannot start " + interpreter.get(0) + ": " + e.getMessage());
            return new ActionResult(1, "cannot start " + interpreter.get(0) + ": " + e.getMessage());
        }
        Future<?> pump = PUMPS.submit(() -> pump(process.getInputStream(), out));
        int exitCode = process.waitFor();
        // leftovers would outlive the action and write into the next one's workspace: end them
        if (tree.hasLiveMember()) {
            out.line("ick: ending the processes the action left running in the background");
            tree.terminate(context.stopGrace());
        }
        try {
            pump.get(PUMP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // a pump that failed said so in the output; one still reading (a process that left the group keeps
            // the pipe open) is left to end on its own
        }
        synchronized (this) {
            return new ActionResult(exitCode, stopped ? "stopped" : null);
        }
    }

    @Override
    public void stop() {
        ProcessTree running;
        synchronized (this) {
            stopped = true;
            running = tree;
        }
        if (running != null) {
            try {
                running.terminate(context.stopGrace());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ProcessBuilder prepare(ActionOutput out) throws IOException {
        Path paramsFile = context.tempDir().resolve("params.json");
        Map<String, Object> parameters = context.item().parameters() == null ? Map.of() : context.item().parameters();
        Files.writeString(paramsFile, Json.mapper().writeValueAsString(parameters));
        Path scriptFile = context.tempDir().resolve(scriptName);
        Files.writeString(scriptFile, script);
        Files.createDirectories(context.workspace());

        List<String> command = new ArrayList<>(interpreter);
        command.add(sandbox == null ? scriptFile.toString() : Sandbox.INSIDE_TEMP + "/" + scriptName);
        if (sandbox != null) {
            command = sandbox.wrap(command);
        }
        if (sandbox == null || !sandbox.hasOwnPids()) { // a container has its own already (bwrap --unshare-pid)
            command = ProcessTree.withOwnPids(command);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(context.workspace().toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        parameters.forEach((name, value) -> {
            String text = envValue(value);
            if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0 || text.indexOf('\0') >= 0) {
                out.line("ick: parameter \"" + name + "\" cannot be an environment variable; it is only in params");
            } else {
                env.put(name, text);
            }
        });
        WorkItem item = context.item();
        env.put("BUILD_NUMBER", Long.toString(item.buildNumber()));
        env.put("ICK_BUILD_ID", item.build());
        env.put("ICK_PROJECT", item.project());
        env.put("ICK_PARAMS_FILE", sandbox == null ? paramsFile.toString() : Sandbox.INSIDE_TEMP + "/params.json");
        return builder;
    }

    private static String envValue(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** Copies the process's output to {@code out} as it comes, as bytes ({@link ActionOutput#bytes()}). */
    private static void pump(InputStream in, ActionOutput out) {
        byte[] buffer = new byte[PIPE_READ];
        try (in; OutputStream bytes = out.bytes()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (IOException e) {
            out.line("ick: output of the action could not be read further: " + e.getMessage());
        }
    }
}

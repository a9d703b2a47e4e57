package ick.client.worker;

import ick.client.http.ApiClient;
import ick.client.http.Backoff;
import ick.client.http.ConfigException;
import ick.client.http.HttpBuffers;
import ick.client.yaml.InputFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.logging.Logger;

/** {@code java -cp ick-worker-client-all.jar ick.client.worker.WorkerMain --config worker.yaml} */
@Command(name = "ick-worker", mixinStandardHelpOptions = true,
        description = {"Runs ick actions on this host for the controller: registers, then takes actions one at a time,",
                "runs them in {workspace-root}/{project} and reports their output and exit code.",
                "SIGTERM or SIGINT: takes no more work, stops the running action, reports it, exits."},
        footer = {"", "Exit codes: 0 stopped by a signal; 1 the controller refused the registration;",
                "2 bad configuration."})
public final class WorkerMain implements Callable<Integer> {
    /** How long the shutdown waits for the last report to be delivered before exiting anyway. */
    private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(60);
    /**
     * How long a stopped action's processes get between SIGTERM and SIGKILL. Short: a cancel must end even
     * processes that ignore SIGTERM within a few seconds (the heartbeat's second plus this).
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The worker configuration (YAML): controller, client-id, secret-file, workspace-root, "
                    + "labels, and optionally token-url and ca-file.")
    private Path config;

    public static void main(String[] args) {
        HttpBuffers.enlarge(); // before any HTTP client class is loaded: it reads the size once
        startProcessesByVfork();
        // one line per event, before any logger exists; a -D option on the command line still wins
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %5$s%6$s%n");
        }
        System.exit(new CommandLine(new WorkerMain()).execute(args));
    }

    /**
     * Actions' processes start by vfork and exec, without the JDK's default detour through an exec of
     * {@code jspawnhelper}: one program less per action (docs/benchmarks.md). A JVM-wide switch read when the
     * first process starts, so it is set here, first thing; a {@code -Djdk.lang.Process.launchMechanism} on the
     * command line wins. Only on the JDKs known to have it (17 to 21): later ones deprecate it, and a mechanism
     * the JDK does not know makes every process start fail.
     */
    private static void startProcessesByVfork() {
        int jdk = Runtime.version().feature();
        if (jdk >= 17 && jdk <= 21 && System.getProperty("jdk.lang.Process.launchMechanism") == null) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
    }

    @Override
    public Integer call() throws Exception {
        Logger log = Logger.getLogger(WorkerMain.class.getName());
        WorkerConfig settings;
        ApiClient api;
        try {
            settings = WorkerConfig.load(config);
            api = new ApiClient(settings.client());
        } catch (InputFileException | ConfigException e) {
            log.severe(e.getMessage());
            return 2;
        }
        Worker worker = new Worker(api, settings.workspaceRoot(), settings.labels(), Backoff::standard, STOP_GRACE,
                settings.trustedSecrets(), settings.limits());
        // A signal handler rather than a shutdown hook: java.util.logging's own hook resets the log handlers,
        // so the lines of a graceful shutdown would be lost, and the report may need many seconds.
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                log.info("got SIG" + signal.getName());
                worker.shutdown();
                exitAfter(SHUTDOWN_LIMIT, log);
            });
        }
        log.info(() -> "starting; workspaces in " + settings.workspaceRoot() + (settings.isTrusted()
                ? "; a trusted worker (trusted built-ins only), secrets in " + settings.trustedSecrets().dir() : ""));
        return worker.run() ? 0 : 1;
    }

    /** If reporting has not finished in time (the controller stays away), exit anyway. */
    private static void exitAfter(Duration limit, Logger log) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
                log.warning("the last report was not delivered within " + limit.toSeconds() + " s; exiting anyway");
                System.exit(1);
            } catch (InterruptedException ignored) {
                // the JVM is exiting
            }
        }, "shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}

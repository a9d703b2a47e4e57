package ick.client.cli;

import ick.protocol.Json;
import ick.protocol.TlsStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code icktool tls status|renew}: the controller's HTTPS certificate from ACME. */
@Command(name = "tls",
        description = {"The controller's HTTPS certificate, obtained and renewed by ACME (Let's Encrypt).",
                "'tls status' shows the served certificate and the last attempt; 'tls renew' orders a new one now."},
        subcommands = {TlsCommand.Status.class, TlsCommand.Renew.class},
        footer = IckTool.EXIT_CODES)
final class TlsCommand extends ApiCommand {
    /** A renewal waits for the CA to validate each domain; give it time. */
    static final Duration RENEW_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public Integer call() {
        err().println("icktool tls: say 'status' or 'renew'");
        spec.commandLine().usage(err());
        return IckTool.BAD_INPUT;
    }

    @Command(name = "status", description = "Show the served certificate (serial, names, expiry) and how the last"
            + " attempt to get one went.", footer = IckTool.EXIT_CODES)
    static final class Status implements Callable<Integer> {
        @ParentCommand
        TlsCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() throws Exception {
            TlsStatus status = parent.api().get("/tls", TlsStatus.class);
            if (format.json) {
                parent.printJson(status);
            } else {
                print(status, spec.commandLine().getOut());
            }
            return IckTool.OK;
        }
    }

    @Command(name = "renew", description = {"Order a new certificate now, whatever the served one's expiry, and wait"
            + " for the outcome.", "Exit 4 if the order failed (the served certificate stays; the controller retries"
            + " later); 3 if ACME is not configured."}, footer = IckTool.EXIT_CODES)
    static final class Renew implements Callable<Integer> {
        @ParentCommand
        TlsCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getErr().println("icktool: ordering a certificate; this takes as long as the CA needs to validate each domain");
            spec.commandLine().getErr().flush();
            HttpResponse<String> response = parent.api().call("POST", "/tls/renew", null, RENEW_TIMEOUT, true);
            TlsStatus status = Json.mapper().readValue(response.body(), TlsStatus.class);
            if (format.json) {
                parent.printJson(status);
            } else {
                print(status, spec.commandLine().getOut());
            }
            return status.lastResult() == TlsStatus.Result.SUCCEEDED ? IckTool.OK : IckTool.UNREACHABLE;
        }
    }

    static void print(TlsStatus s, PrintWriter out) {
        if (!s.enabled()) {
            out.println("ACME is off (no ick.tls.domains on the controller).");
        } else {
            out.println("Domains:        " + String.join(", ", s.domains()) + " (from " + s.acmeDirectory() + ")");
        }
        if (s.serial() == null) {
            out.println("Certificate:    none yet");
        } else {
            out.println("Certificate:    serial " + s.serial() + " for " + String.join(", ", s.certificateDomains()));
            out.println("Expires:        " + s.notAfter() + " (installed " + s.installedAt() + ")");
        }
        if (s.lastAttemptAt() == null) {
            out.println("Last attempt:   none");
        } else {
            out.println("Last attempt:   " + s.lastAttemptAt() + " " + s.lastResult().json()
                    + (s.lastReason() == null ? "" : ": " + s.lastReason()));
        }
        if (s.failures() > 0) {
            out.println("Failures:       " + s.failures() + " in a row; next attempt after " + s.nextAttemptAt());
        }
        if (s.renewalRequested()) {
            out.println("Renewal:        requested, not done yet");
        }
        out.flush();
    }
}

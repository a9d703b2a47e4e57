package ick.client.cli;

import ick.client.http.BlobClient;
import ick.protocol.BlobInfo;
import ick.protocol.BlobRetentionReport;
import ick.protocol.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code icktool blob put|get|ls|rm|gc}: the controller's blobs. Transfers stream, resume after a broken
 * connection and are checked by SHA-256 ({@link BlobClient}); on a terminal they show a progress bar.
 */
@Command(name = "blob", description = {"Upload, download, list and delete blobs (workspaces, system trees, artifacts).",
        "Blob names are '/'-separated segments of letters, digits, '.', '_' and '-', e.g. workspace/hello."},
        footer = IckTool.EXIT_CODES,
        subcommands = {BlobCommand.Put.class, BlobCommand.Get.class, BlobCommand.Ls.class, BlobCommand.Rm.class,
                BlobCommand.Gc.class})
final class BlobCommand implements Callable<Integer> {
    @ParentCommand
    IckTool tool;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("icktool blob: a command is needed (put, get, ls, rm, gc)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return IckTool.BAD_INPUT;
    }

    BlobClient blobs() {
        return new BlobClient(tool.api().config());
    }

    /** What every blob subcommand has. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        BlobCommand blob;

        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Option(names = "--progress", negatable = true,
                description = "Show a progress bar (default: when stderr is a terminal).")
        Boolean progress;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        BlobClient.Progress bar() {
            boolean show = progress != null ? progress : System.console() != null;
            return show ? new Bar(spec.commandLine().getErr()) : BlobClient.Progress.NONE;
        }

        void printJson(Object value) throws Exception {
            out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
            out().flush();
        }
    }

    @Command(name = "put", description = "Upload FILE as blob NAME (replacing it); resumes after a broken connection.",
            footer = IckTool.EXIT_CODES)
    static final class Put extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @Option(names = "--sha256", paramLabel = "HEX", description = "FILE's SHA-256, if known: FILE is then"
                + " not read once more to compute it before it is sent. If FILE's differs, the controller refuses"
                + " the upload and keeps nothing.")
        String sha256;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                spec.commandLine().getErr().println("icktool: " + file + " is not a file");
                return IckTool.BAD_INPUT;
            }
            if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
                spec.commandLine().getErr().println("icktool: --sha256 takes 64 hexadecimal digits, not " + sha256);
                return IckTool.BAD_INPUT;
            }
            BlobInfo info = blob.blobs().put(name, file, sha256 == null ? null : sha256.toLowerCase(Locale.ROOT),
                    bar());
            if (format.json) {
                printJson(info);
            } else {
                out().println("stored " + info.name() + ": " + info.size() + " bytes, sha256 " + info.sha256());
            }
            return IckTool.OK;
        }
    }

    @Command(name = "get", description = "Download blob NAME into FILE (default: the name's last segment);"
            + " resumes after a broken connection and checks the SHA-256.", footer = IckTool.EXIT_CODES)
    static final class Get extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "FILE", arity = "0..1")
        Path file;

        @Override
        public Integer call() throws Exception {
            Path target = file != null ? file : Path.of(name.substring(name.lastIndexOf('/') + 1));
            Optional<BlobInfo> info = blob.blobs().get(name, target, bar());
            if (info.isEmpty()) {
                spec.commandLine().getErr().println("icktool: no blob " + name + " (icktool blob ls lists them)");
                return IckTool.REFUSED;
            }
            out().println("wrote " + target + ": " + info.get().size() + " bytes, sha256 " + info.get().sha256());
            return IckTool.OK;
        }
    }

    @Command(name = "ls", description = "List the blobs (whose names start with PREFIX).", footer = IckTool.EXIT_CODES)
    static final class Ls extends Sub {
        @Parameters(index = "0", paramLabel = "PREFIX", arity = "0..1")
        String prefix;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() throws Exception {
            List<BlobInfo> blobs = blob.blobs().list(prefix);
            if (format.json) {
                printJson(blobs);
                return IckTool.OK;
            }
            Table table = new Table("BLOB", "SIZE", "MODIFIED", "SHA256");
            blobs.forEach(b -> table.row(b.name(), b.size(), b.modified(), b.sha256()));
            table.print(out());
            return IckTool.OK;
        }
    }

    @Command(name = "rm", description = "Delete blob NAME.", footer = IckTool.EXIT_CODES)
    static final class Rm extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            if (!blob.blobs().delete(name)) {
                spec.commandLine().getErr().println("icktool: no blob " + name);
                return IckTool.REFUSED;
            }
            out().println("deleted " + name);
            return IckTool.OK;
        }
    }

    @Command(name = "gc", description = {"Run blob retention now: delete the blobs no project references that are",
            "older than the controller's age limit (or --max-age-seconds), and say what was freed."},
            footer = IckTool.EXIT_CODES)
    static final class Gc extends Sub {
        @Option(names = "--max-age-seconds", paramLabel = "S", description = "This run's age limit.")
        Long maxAgeSeconds;

        @Mixin
        JsonOption format;

        @Override
        public Integer call() throws Exception {
            String query = maxAgeSeconds == null ? "" : "?max-age-seconds=" + maxAgeSeconds;
            BlobRetentionReport report = blob.tool.api().post("/blob-retention" + query, null,
                    BlobRetentionReport.class);
            if (format.json) {
                printJson(report);
                return IckTool.OK;
            }
            out().println("blob-retention run " + report.execution() + ": " + report.status().toLowerCase(Locale.ROOT)
                    + "; freed " + report.freedBytes() + " bytes, deleted " + report.deleted().size() + " blob(s)"
                    + " and " + report.partials().size() + " unfinished upload(s), kept " + report.kept());
            report.deleted().forEach(name -> out().println("  deleted " + name));
            report.partials().forEach(name -> out().println("  dropped upload " + name));
            return IckTool.OK;
        }
    }

    /** A one-line progress bar on stderr, redrawn at most 5 times a second. */
    static final class Bar implements BlobClient.Progress {
        private final PrintWriter err;
        private final long start = System.nanoTime();
        private long lastDrawn;

        Bar(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void update(long done, long total) {
            long now = System.nanoTime();
            if (now - lastDrawn < 200_000_000L && done < total) {
                return;
            }
            lastDrawn = now;
            int width = 30;
            int filled = total > 0 ? (int) (width * Math.min(1.0, (double) done / total)) : 0;
            double seconds = Math.max(1e-3, (now - start) / 1e9);
            err.printf(Locale.ROOT, "\r[%s%s] %5.1f%% %,.1f/%,.1f MB %,.1f MB/s", "#".repeat(filled),
                    " ".repeat(width - filled), total > 0 ? 100.0 * done / total : 0.0, done / 1e6, total / 1e6,
                    done / 1e6 / seconds);
            if (done >= total) {
                err.println();
            }
            err.flush();
        }
    }
}

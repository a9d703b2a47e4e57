package ick.client.cli;

import ick.client.http.ApiClient;
import ick.client.http.ClientConfig;
import ick.client.http.ConfigException;
import ick.client.http.HttpBuffers;
import ick.client.http.ProblemException;
import ick.client.http.UnreachableException;
import ick.client.yaml.InputFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code icktool}: the command line of ick. Global options and the mapping of failures to exit codes. */
@Command(name = "icktool", mixinStandardHelpOptions = true, versionProvider = IckTool.Version.class,
        description = {"Talks to an ick controller: define projects and pipelines, trigger builds, follow their logs.",
                "Start with 'icktool make-it-so hello.ick', then 'icktool build hello --wait'."},
        footer = IckTool.EXIT_CODES,
        subcommands = {VersionCommand.class, MakeItSoCommand.class, BuildCommand.class, StatusCommand.class,
                BuildsCommand.class, LogCommand.class, ShowCommand.class, ProjectsCommand.class,
                PipelinesCommand.class, WorkersCommand.class, TokenCommand.class, CancelCommand.class,
                GraphCommand.class, BlobCommand.class, TlsCommand.class, NotificationsCommand.class,
                CommandLine.HelpCommand.class})
public final class IckTool implements Callable<Integer> {
    static final int OK = 0;
    static final int BUILD_FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int REFUSED = 3;
    static final int UNREACHABLE = 4;

    static final String EXIT_CODES = "%nExit codes:%n"
            + "  0  ok%n"
            + "  1  the build failed, was cancelled or timed out (build --wait, log)%n"
            + "  2  bad usage, bad configuration or a bad input file (nothing was sent)%n"
            + "  3  the controller refused the request (4xx); its reason is printed%n"
            + "  4  the controller is unreachable or failed (5xx)%n"
            + "%nConfiguration (YAML): controller, client-id, secret-file, and optionally token-url, ca-file.";

    static final Path DEFAULT_CONFIG = Path.of(System.getProperty("user.home"), ".config", "icktool", "config.yaml");

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The configuration file. Default: $ICKTOOL_CONFIG, else ~/.config/icktool/config.yaml.")
    Path config;

    @Option(names = "--controller", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The controller's base URL, e.g. http://localhost:8080; overrides the configuration.")
    URI controller;

    private ApiClient api;

    public static void main(String[] args) {
        HttpBuffers.enlarge(); // before any HTTP client class is loaded: it reads the size once
        System.exit(commandLine().execute(args));
    }

    /** The command line with ick's exit codes; tests run it with their own output writers. */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new IckTool());
        cmd.setExecutionExceptionHandler(IckTool::failed);
        return cmd;
    }

    @Spec
    CommandSpec spec;

    /** No command given: say what there is. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("icktool: a command is needed");
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }

    /** The API client for the configuration chosen by the global options; made once. */
    synchronized ApiClient api() {
        if (api == null) {
            ClientConfig settings = loadConfig();
            if (controller != null) {
                settings = settings.withController(controller);
            }
            api = new ApiClient(settings);
        }
        return api;
    }

    private ClientConfig loadConfig() {
        Path file = config;
        String env = System.getenv("ICKTOOL_CONFIG");
        if (file == null && env != null && !env.isBlank()) {
            file = Path.of(env);
        }
        boolean chosen = file != null;
        if (file == null) {
            file = DEFAULT_CONFIG;
        }
        if (!chosen && !Files.exists(file)) {
            if (controller == null) {
                throw new ConfigException("no configuration: write " + DEFAULT_CONFIG + " (controller, client-id,"
                        + " secret-file), or give --config FILE");
            }
            return ClientConfig.anonymous(controller);
        }
        try {
            return ClientConfig.load(file);
        } catch (InputFileException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        PrintWriter err = cmd.getErr();
        if (e instanceof CommandLine.ParameterException bad) {
            err.println("icktool: " + bad.getMessage() + " (see icktool " + bad.getCommandLine().getCommandName()
                    + " --help)");
            return BAD_INPUT;
        }
        if (e instanceof InputFileException || e instanceof ConfigException) {
            err.println("icktool: " + e.getMessage());
            return BAD_INPUT;
        }
        if (e instanceof ProblemException p) {
            err.println("icktool: " + (p.isRetryable() ? "the controller failed: " : "the controller refused: ")
                    + p.getMessage() + hint(p.status()));
            return p.isRetryable() ? UNREACHABLE : REFUSED;
        }
        if (e instanceof UnreachableException u) {
            err.println("icktool: " + u.getMessage() + "; is the controller running at that address?"
                    + " (controller in the configuration, or --controller)");
            return UNREACHABLE;
        }
        throw e;
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> System.lineSeparator() + "  check client-id and secret-file in the configuration";
            case 403 -> System.lineSeparator() + "  the client lacks the scope this needs; an admin can grant it";
            default -> "";
        };
    }

    /** icktool's own version, from the build. */
    static String version() {
        try (InputStream in = IckTool.class.getResourceAsStream("/ick/client/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"icktool " + version()};
        }
    }
}

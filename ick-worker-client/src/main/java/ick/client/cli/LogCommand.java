package ick.client.cli;

import ick.protocol.BuildState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code icktool log BUILD [--follow]}: prints a build's log. */
@Command(name = "log",
        description = {"Print the log of BUILD (PROJECT/NUMBER, e.g. hello/42).",
                "",
                "With --follow, keep printing as it grows (lines appear as the workers send them) until the build ends.",
                "Exits 1 if the build failed, was cancelled or timed out.",
                ""},
        footer = IckTool.EXIT_CODES)
final class LogCommand extends ApiCommand {
    @Parameters(paramLabel = "BUILD",
            description = "The build: PROJECT/NUMBER, as 'icktool build' and 'icktool builds' print it.")
    String build;

    @Option(names = {"-f", "--follow"}, description = "Keep printing the log as it grows, until the build ends.")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        BuildId id;
        try {
            id = BuildId.parse(build);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        BuildState state = new LogFollower(api(), id, out(), err()).print(follow);
        if (follow) {
            out().println("build " + id + " " + (state == null ? "ended" : state.json()));
        }
        return state != null && state.isFinished() && state != BuildState.SUCCEEDED ? IckTool.BUILD_FAILED : IckTool.OK;
    }
}

package ick.client.cli;

import ick.protocol.BuildInfo;
import ick.protocol.BuildState;
import ick.protocol.TriggerRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.Writer;

/** {@code icktool build PROJECT [--param NAME=VALUE]... [--wait]}: triggers a build and, if asked, follows it. */
@Command(name = "build",
        description = {"Trigger a build of PROJECT and print its id (PROJECT/NUMBER).",
                "",
                "With --param, this build gets VALUE for the project's parameter NAME instead of the project's "
                        + "value, e.g. a release build: --param git_ref=refs/tags/release/1.2.3. Only parameters "
                        + "the project gives a value for may be set; any other name is refused and no build is made.",
                "",
                "With --wait, print its log as it grows, then its final state; the exit code says whether "
                        + "it succeeded. Interrupting icktool stops the following, not the build.",
                ""},
        footer = IckTool.EXIT_CODES)
final class BuildCommand extends ApiCommand {
    @Parameters(paramLabel = "PROJECT", description = "The project to build.")
    String project;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "A value for the project's parameter NAME, for this build only (repeat for several).")
    java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();

    @Option(names = "--wait", description = "Follow the build's log until the build ends; exit 1 if it failed. "
            + "With --json, print the ended build as JSON instead of the log.")
    boolean wait;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        TriggerRequest request = parameters.isEmpty() ? null : new TriggerRequest(new java.util.LinkedHashMap<>(parameters));
        BuildInfo build = api().post("/projects/" + segment(project) + "/builds", request, BuildInfo.class);
        if (!wait) {
            if (format.json) {
                printJson(build);
            } else {
                out().println(build.id());
            }
            return IckTool.OK;
        }
        BuildId id = new BuildId(build.project(), build.number());
        if (format.json) {
            new LogFollower(api(), id, new PrintWriter(Writer.nullWriter()), err()).print(true);
            BuildInfo ended = api().get(id.path(), BuildInfo.class);
            printJson(ended);
            return ended.state() == BuildState.SUCCEEDED ? IckTool.OK : IckTool.BUILD_FAILED;
        }
        err().println("triggered " + id + "; following its log");
        err().flush();
        BuildState state = new LogFollower(api(), id, out(), err()).print(true);
        out().println("build " + id + " " + (state == null ? "ended" : state.json()));
        return state == BuildState.SUCCEEDED ? IckTool.OK : IckTool.BUILD_FAILED;
    }
}

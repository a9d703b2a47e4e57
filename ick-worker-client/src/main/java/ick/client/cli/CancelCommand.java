package ick.client.cli;

import ick.protocol.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code icktool cancel BUILD}: stops a build. */
@Command(name = "cancel",
        description = {"Cancel BUILD (PROJECT/NUMBER): the workers running its actions stop them within a couple of"
                + " seconds (the whole process tree: SIGTERM, then SIGKILL), the actions not started are cancelled,"
                + " and the build ends 'cancelled'. A build that already ended is left alone (the controller refuses: exit 3).",
                ""},
        footer = IckTool.EXIT_CODES)
final class CancelCommand extends ApiCommand {
    @Parameters(paramLabel = "BUILD", description = "The build: PROJECT/NUMBER, as 'icktool builds' prints it.")
    String build;

    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        BuildId id;
        try {
            id = BuildId.parse(build);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        BuildInfo info = api().post(id.path() + "/cancel", null, BuildInfo.class);
        if (format.json) {
            printJson(info);
        } else {
            out().println("build " + info.id() + " " + info.state().json()
                    + "; 'icktool log " + info.id() + "' shows how its actions stopped");
        }
        return IckTool.OK;
    }
}

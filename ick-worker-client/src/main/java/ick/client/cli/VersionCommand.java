package ick.client.cli;

import ick.protocol.VersionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code icktool version}: icktool's version and the controller's ({@code GET /api/v1/version}, no token needed). */
@Command(name = "version",
        description = "Print icktool's version and the controller's (this needs no client credentials).",
        footer = IckTool.EXIT_CODES)
final class VersionCommand extends ApiCommand {
    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        if (!format.json) {
            out().println("icktool " + IckTool.version());
            out().flush();
        }
        VersionInfo controller = api().getPublic("/version", VersionInfo.class);
        if (format.json) {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("icktool", IckTool.version());
            both.put("controller", controller);
            printJson(both);
        } else {
            out().println("controller " + controller.name() + " " + controller.version() + " at " + controller.apiUrl()
                    + " (tokens from " + controller.tokenUrl() + ")");
        }
        return IckTool.OK;
    }
}

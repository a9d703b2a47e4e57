package ick.client.cli;

import ick.client.http.TokenResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code icktool token}: a fresh access token, e.g. for curl. */
@Command(name = "token",
        description = {"Print a fresh access token for the configured client.",
                "",
                "For example:",
                "  curl -H \"Authorization: Bearer $(icktool token)\" http://localhost:8080/api/v1/status",
                ""},
        footer = IckTool.EXIT_CODES)
final class TokenCommand extends ApiCommand {
    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        TokenResponse token = api().freshToken();
        if (format.json) {
            printJson(token);
        } else {
            out().println(token.accessToken());
        }
        return IckTool.OK;
    }
}

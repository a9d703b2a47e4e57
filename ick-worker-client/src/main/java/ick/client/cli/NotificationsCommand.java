package ick.client.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import ick.protocol.NotificationInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code icktool notifications}: the notifications of finished builds and how their delivery went. */
@Command(name = "notifications",
        description = {"List the notifications of finished builds (e-mail, webhook), newest first: the build, the"
                + " channel, where it goes, its state (pending, sending, sent, failed), attempts and the last error.",
                "'icktool notifications --state failed' shows those that every retry failed to deliver."},
        footer = IckTool.EXIT_CODES)
final class NotificationsCommand extends ApiCommand {
    @Mixin
    JsonOption format;

    @Option(names = "--state", paramLabel = "STATE", description = "Only those in this state: pending, sending, sent, failed.")
    String state;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws Exception {
        String query = "?limit=" + limit + (state == null ? "" : "&state=" + segment(state));
        List<NotificationInfo> notifications = api().get("/notifications" + query,
                new TypeReference<List<NotificationInfo>>() {
                });
        if (format.json) {
            printJson(notifications);
            return IckTool.OK;
        }
        Table table = new Table("BUILD", "CHANNEL", "OUTCOME", "STATE", "ATTEMPTS", "SENT", "TARGET", "LAST ERROR");
        notifications.forEach(n -> table.row(n.build(), n.channel(), n.outcome(), n.state().json(), n.attempts(),
                n.sentAt(), n.target(), n.lastError()));
        table.print(out());
        return IckTool.OK;
    }
}

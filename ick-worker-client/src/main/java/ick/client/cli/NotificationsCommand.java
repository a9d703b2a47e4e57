package ick.client.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import ick.protocol.NotificationInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code icktool notifications}: the notifications of finished builds and how their delivery went. */
@Command(name = "notifications",
        description = {"List the notifications of finished builds (e-mail, webhook), newest first: the build, the"
                + " channel, where it goes, its state (pending, sending, sent, failed), attempts and the last error.",
                "'icktool notifications --state failed' shows those that every retry failed to deliver;"
                + " 'icktool notifications retry ID' tries one of them again now."},
        footer = IckTool.EXIT_CODES, subcommands = NotificationsCommand.Retry.class)
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
        Table table = new Table("ID", "BUILD", "CHANNEL", "OUTCOME", "STATE", "ATTEMPTS", "SENT", "TARGET",
                "LAST ERROR");
        notifications.forEach(n -> table.row(n.id(), n.build(), n.channel(), n.outcome(), n.state().json(),
                n.attempts(), n.sentAt(), n.target(), n.lastError()));
        table.print(out());
        return IckTool.OK;
    }

    @Command(name = "retry", description = {"Give failed notification ID (as 'icktool notifications' lists it) one more"
            + " attempt, now: e.g. once the SMTP server is fixed. Only a failed one can be retried."},
            footer = IckTool.EXIT_CODES)
    static final class Retry implements Callable<Integer> {
        @ParentCommand
        NotificationsCommand notifications;

        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Override
        public Integer call() throws Exception {
            NotificationInfo retried = notifications.api().post("/notifications/" + id + "/retry", null,
                    NotificationInfo.class);
            if (notifications.format.json) {
                notifications.printJson(retried);
            } else {
                notifications.out().println("notification " + retried.id() + " (" + retried.channel() + " about "
                        + retried.build() + ") is " + retried.state().json() + " again; it is sent now");
            }
            return IckTool.OK;
        }
    }
}

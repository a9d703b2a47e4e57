package ick.client.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import ick.protocol.WorkerInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** {@code icktool workers}: the registered workers. */
@Command(name = "workers",
        description = "List the workers: name (their client id), labels, when last seen, the action they run.",
        footer = IckTool.EXIT_CODES)
final class WorkersCommand extends ApiCommand {
    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        List<WorkerInfo> workers = api().get("/workers", new TypeReference<List<WorkerInfo>>() {
        });
        if (format.json) {
            printJson(workers);
            return IckTool.OK;
        }
        Table table = new Table("WORKER", "LABELS", "REGISTERED", "LAST SEEN", "ACTION");
        workers.forEach(w -> table.row(w.name(), w.labels(), w.registeredAt(), w.lastSeen(), w.currentAction()));
        table.print(out());
        return IckTool.OK;
    }
}

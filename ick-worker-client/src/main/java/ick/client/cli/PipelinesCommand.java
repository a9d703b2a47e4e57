package ick.client.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import ick.protocol.PipelineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

/** {@code icktool pipelines}: the pipelines the controller holds. */
@Command(name = "pipelines",
        description = "List the pipelines, the parameters each accepts and its number of actions.",
        footer = IckTool.EXIT_CODES)
final class PipelinesCommand extends ApiCommand {
    @Mixin
    JsonOption format;

    @Override
    public Integer call() throws Exception {
        List<PipelineSpec> pipelines = api().get("/pipelines", new TypeReference<List<PipelineSpec>>() {
        });
        if (format.json) {
            printJson(pipelines);
            return IckTool.OK;
        }
        Table table = new Table("PIPELINE", "PARAMETERS", "ACTIONS");
        pipelines.forEach(p -> table.row(p.pipeline(), p.parameters(), p.actions().size()));
        table.print(out());
        return IckTool.OK;
    }
}

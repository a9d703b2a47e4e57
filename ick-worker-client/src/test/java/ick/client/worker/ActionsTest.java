package ick.client.worker;

import ick.protocol.ActionResult;
import ick.protocol.WorkItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActionsTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownPlaceIsNotSupported() throws Exception {
        ActionResult result = run(Map.of("shell", "true", "where", "moon"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.message()).contains("where: moon is not supported by this worker");
    }

    @Test
    void chrootAndContainerNeedTheProjectsSystemTree() throws Exception {
        for (String where : new String[] {"chroot", "container"}) {
            ActionResult result = run(Map.of("shell", "true", "where", where));
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.message()).contains("where: " + where + " needs the project's system tree");
        }
    }

    @Test
    void unknownBuiltInIsNotSupported() throws Exception {
        ActionResult result = run(Map.of("action", "rsync"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.message()).contains("action: rsync is not supported by this worker");
    }

    @Test
    void createWorkspaceEmptiesItEvenOfReadOnlyDirectoriesAndLeavesLinkTargetsAlone() throws Exception {
        Path workspace = dir.resolve("ws/hello");
        Path outside = Files.writeString(dir.resolve("outside"), "keep me");
        Files.createDirectories(workspace.resolve("src/deep"));
        Files.writeString(workspace.resolve("src/deep/file"), "old");
        Files.createSymbolicLink(workspace.resolve("link"), outside);
        workspace.resolve("src/deep").toFile().setWritable(false);

        ActionResult result = run(Map.of("action", "create_workspace", "where", "host"));

        assertThat(result.exitCode()).isZero();
        assertThat(workspace).isEmptyDirectory();
        assertThat(outside).hasContent("keep me");
    }

    @Test
    void createWorkspaceMakesAMissingWorkspace() throws Exception {
        assertThat(run(Map.of("action", "create_workspace")).exitCode()).isZero();
        assertThat(dir.resolve("ws/hello")).isEmptyDirectory();
    }

    private ActionResult run(Map<String, Object> step) throws Exception {
        WorkItem item = new WorkItem(1, "hello/1", "hello", 1, 0, step, Map.of());
        ActionContext context = new ActionContext(item, dir.resolve("ws/hello"), Files.createTempDirectory(dir, "t"),
                Duration.ofSeconds(1));
        return Actions.forStep(context).run(text -> { });
    }
}

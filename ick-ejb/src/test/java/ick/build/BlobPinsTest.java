package ick.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ick.project.Project;
import ick.protocol.ProjectSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The digests a successful result vouches for (an action: deb's upload, the reused workspace, a system tree or named
 * workspace handed on), and how the actions that read them get them (BuildAction's rules).
 */
class BlobPinsTest {
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);
    private final Build build = new Build(new Project(new ProjectSpec("hello", Map.of(), List.of())),
            Instant.parse("2026-12-07T00:00:00Z"));

    private BuildAction action(int index, Map<String, Object> step) {
        return action(build, index, "p", step);
    }

    private static BuildAction action(Build build, int index, String pipeline, Map<String, Object> step) {
        BuildAction action = new BuildAction(build, new BuildGraph.PlannedAction(index, pipeline, step, Map.of(),
                List.of()));
        try { // as if stored: the id is the database's
            java.lang.reflect.Field id = BuildAction.class.getDeclaredField("id");
            id.setAccessible(true);
            id.set(action, 100L + index);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return action;
    }

    @Test
    void aDebActionVouchesOnlyForWellFormedDigestsOfItsOwnBuildsUpload() {
        BuildAction deb = action(1, Map.of("action", "deb"));
        Map<String, String> stored = new java.util.HashMap<>(Map.of(
                "debs/hello/1/files", SHA_A,
                "debs/hello/1/x.deb", SHA_B,
                "debs/hello/2/files", SHA_A, // another build of the project
                "debs/other/1/files", SHA_A, // another project
                "workspace/hello", SHA_A,
                "debs/hello/1/short", "abc"));
        stored.put("debs/hello/1/null", null);
        assertThat(deb.vouchedFor(stored)).isEqualTo(Map.of("debs/hello/1/files", SHA_A, "debs/hello/1/x.deb", SHA_B));
        assertThat(deb.vouchedFor(null)).isEmpty();
        assertThat(action(2, Map.of("shell", "true")).vouchedFor(stored)).as("not an action: deb").isEmpty();
    }

    @Test
    void publishDebsGetsThePinsInItsWorkItemOnlyBeforeItIsGivenOut() {
        BuildAction publish = action(3, Map.of("action", "publish_debs"));
        assertThat(publish.readsDebs()).isTrue();
        assertThat(action(1, Map.of("action", "deb")).readsDebs()).isFalse();
        assertThat(publish.toWorkItem().pins()).isNull();
        publish.pin(Map.of("debs/hello/1/files", SHA_A));
        publish.pin(Map.of("debs/hello/1/x.deb", SHA_B));
        assertThat(publish.toWorkItem().pinned())
                .isEqualTo(Map.of("debs/hello/1/files", SHA_A, "debs/hello/1/x.deb", SHA_B));
        publish.markReady();
        publish.assignTo("trusted-1", Instant.parse("2026-12-07T00:01:00Z"));
        assertThatThrownBy(() -> publish.pin(Map.of("debs/hello/1/files", SHA_B)))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(publish.toWorkItem().pinned()).containsEntry("debs/hello/1/files", SHA_A);
    }

    @Test
    void theReusedWorkspacesArchiveIsPinnedForTheProjectsNextPopulate() {
        Project project = new Project(new ProjectSpec("hello", Map.of(), List.of(), null, null, null, "reuse"));
        Build first = new Build(project, Instant.parse("2026-12-07T00:00:00Z"));
        BuildAction archive = action(first, 3, null, Map.of("archive", "workspace", "where", "host"));
        Map<String, String> stored = Map.of("workspace/hello", SHA_A);
        assertThat(archive.archivedReusedWorkspace(stored)).contains(SHA_A);
        assertThat(archive.archivedReusedWorkspace(Map.of("workspace/other", SHA_A))).isEmpty();
        assertThat(archive.archivedReusedWorkspace(Map.of("workspace/hello", "short"))).isEmpty();
        assertThat(action(first, 2, "p", Map.of("archive", "workspace")).archivedReusedWorkspace(stored))
                .as("a pipeline's own archive").isEmpty();
        assertThat(action(first, 2, null, Map.of("archive", "workspace", "blob", "workspace/hello"))
                .archivedReusedWorkspace(stored)).as("a named blob").isEmpty();

        Build second = new Build(project, Instant.parse("2026-12-07T00:05:00Z"));
        BuildAction populate = action(second, 0, "p", Map.of("populate", "workspace", "where", "host"));
        assertThat(populate.toWorkItem().pins()).as("no build archived one yet").isNull();
        project.archivedWorkspace(SHA_A);
        assertThat(populate.toWorkItem().pinned()).isEqualTo(Map.of("workspace/hello", SHA_A));
        assertThat(action(second, 1, "p", Map.of("populate", "workspace", "blob", "other/x")).toWorkItem().pins())
                .as("another blob").isNull();
    }

    @Test
    void anArchiveOfASystreeOrOfANamedWorkspaceHandsItsBlobOn() {
        Map<String, String> stored = Map.of("systree/hello", SHA_A, "trees/base", SHA_B, "handoff/sources", SHA_A,
                "workspace/hello", SHA_B);
        assertThat(action(1, Map.of("archive", "systree")).handedOn(stored)).isEqualTo(Map.of("systree/hello", SHA_A));
        assertThat(action(1, Map.of("archive", "systree", "blob", "trees/base")).handedOn(stored))
                .isEqualTo(Map.of("trees/base", SHA_B));
        assertThat(action(1, Map.of("archive", "workspace", "blob", "handoff/sources")).handedOn(stored))
                .isEqualTo(Map.of("handoff/sources", SHA_A));
        assertThat(action(1, Map.of("archive", "workspace")).handedOn(stored))
                .as("the project's own workspace: its reuse pins it with the project").isEmpty();
        assertThat(action(1, Map.of("archive", "systree")).handedOn(Map.of("systree/hello", "short"))).isEmpty();
        assertThat(action(1, Map.of("archive", "systree")).handedOn(Map.of("systree/other", SHA_A)))
                .as("a name it did not store").isEmpty();
        assertThat(action(1, Map.of("populate", "systree")).handedOn(stored)).isEmpty();
        assertThat(action(1, Map.of("archive", "systree")).handedOn(null)).isEmpty();
    }

    @Test
    void aPopulateOfAHandedOnBlobTakesThatNamesPinWhenItIsGivenOut() {
        Map<String, String> pinned = Map.of("systree/hello", SHA_A, "trees/base", SHA_B, "handoff/sources", SHA_A,
                "workspace/hello", SHA_B);
        Function<String, Optional<String>> pins = n -> Optional.ofNullable(pinned.get(n));
        assertThat(action(1, Map.of("populate", "systree")).toWorkItem(1, pins).pins())
                .isEqualTo(Map.of("systree/hello", SHA_A));
        assertThat(action(1, Map.of("populate", "systree", "blob", "trees/base")).toWorkItem(1, pins).pins())
                .isEqualTo(Map.of("trees/base", SHA_B));
        assertThat(action(1, Map.of("populate", "workspace", "blob", "handoff/sources")).toWorkItem(1, pins).pins())
                .isEqualTo(Map.of("handoff/sources", SHA_A));
        assertThat(action(1, Map.of("populate", "workspace")).toWorkItem(1, pins).pins())
                .as("the project's own workspace has the project's pin (none here)").isNull();
        assertThat(action(1, Map.of("populate", "systree", "blob", "trees/unpinned")).toWorkItem(1, pins).pins())
                .isNull();
        assertThat(action(1, Map.of("shell", "true")).toWorkItem(1, pins).pins()).isNull();
    }

    @Test
    void aPopulateIsNotGivenOutAheadOfTheArchiveOfItsBlob() {
        BuildAction archive = action(1, Map.of("archive", "systree"));
        assertThat(action(2, Map.of("populate", "systree")).readsHandOffOf(List.of(action(0, Map.of("shell", "true")),
                archive))).isTrue();
        assertThat(action(2, Map.of("populate", "systree", "blob", "trees/base")).readsHandOffOf(List.of(archive)))
                .isFalse();
        assertThat(action(2, Map.of("populate", "systree")).readsHandOffOf(List.of(action(0, Map.of("shell", "true")))))
                .isFalse();
        assertThat(action(2, Map.of("shell", "true")).readsHandOffOf(List.of(archive))).isFalse();
    }

    @Test
    void anArchivesSuccessPinsThePopulatesOfItsOwnBuildNotYetGivenOut() {
        setId(build, 1L);
        BuildAction archive = action(1, Map.of("archive", "workspace", "blob", "source/hello"));
        BuildAction waiting = action(2, Map.of("populate", "workspace", "blob", "source/hello"));
        BuildAction ready = action(3, Map.of("populate", "workspace", "blob", "source/hello"));
        ready.markReady();
        BuildAction running = action(4, Map.of("populate", "workspace", "blob", "source/hello"));
        running.markReady();
        running.assignTo("worker-1", Instant.parse("2026-12-07T00:01:00Z"));
        BuildAction otherName = action(5, Map.of("populate", "systree"));
        Build next = new Build(build.project(), Instant.parse("2026-12-07T00:02:00Z"));
        setId(next, 2L);
        BuildAction otherBuild = action(next, 2, "p", Map.of("populate", "workspace", "blob", "source/hello"));

        Map<String, String> handed = archive.handOn(Map.of("source/hello", SHA_A, "systree/hello", SHA_B),
                List.of(archive, waiting, ready, running, otherName, otherBuild));

        assertThat(handed).as("for the name's pin among builds").isEqualTo(Map.of("source/hello", SHA_A));
        Function<String, Optional<String>> none = n -> Optional.empty();
        assertThat(waiting.toWorkItem(1, none).pins()).isEqualTo(Map.of("source/hello", SHA_A));
        assertThat(ready.toWorkItem(1, none).pins()).isEqualTo(Map.of("source/hello", SHA_A));
        assertThat(running.toWorkItem().pins()).as("already given out").isNull();
        assertThat(otherName.toWorkItem(1, none).pins()).as("another name").isNull();
        assertThat(otherBuild.toWorkItem(1, none).pins()).as("another build").isNull();
        assertThat(action(6, Map.of("archive", "workspace")).handOn(Map.of("workspace/hello", SHA_A), List.of(waiting)))
                .as("the project's own workspace is no hand-off").isEmpty();
    }

    @Test
    void aPinOfItsOwnBuildWinsOverTheNamesPinAmongBuilds() {
        setId(build, 1L);
        // release build N archived source/hello (SHA_A); push build N+1 archived it again since (SHA_B, the table's)
        Function<String, Optional<String>> latest = n -> Optional.of(SHA_B);
        BuildAction populate = action(2, Map.of("populate", "workspace", "blob", "source/hello"));
        action(1, Map.of("archive", "workspace", "blob", "source/hello"))
                .handOn(Map.of("source/hello", SHA_A), List.of(populate));
        assertThat(populate.toWorkItem(1, latest).pins()).isEqualTo(Map.of("source/hello", SHA_A));

        BuildAction systree = action(3, Map.of("populate", "systree"));
        systree.pin(Map.of("trees/other", SHA_A)); // a pin of another name leaves the table's in force
        assertThat(systree.toWorkItem(1, latest).pins())
                .isEqualTo(Map.of("trees/other", SHA_A, "systree/hello", SHA_B));
    }

    private static void setId(Build build, long id) {
        try {
            java.lang.reflect.Field field = Build.class.getDeclaredField("id");
            field.setAccessible(true);
            field.set(build, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

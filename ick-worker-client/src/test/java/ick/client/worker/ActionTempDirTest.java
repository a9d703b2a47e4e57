package ick.client.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Action temp directories in a real directory, their locks held by this JVM or by another process. */
class ActionTempDirTest {
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    @TempDir
    Path root;

    @Test
    void theDirectoryOfAKilledWorkersActionIsRemoved() throws Exception {
        Path stale = leftByAKilledWorker("ick-action-7-123");

        assertThat(ActionTempDir.removeStale(root)).isEqualTo(1);

        assertThat(stale).doesNotExist();
    }

    @Test
    void theDirectoryOfAnActionThatAnotherWorkerProcessRunsStays() throws Exception {
        Path running = leftByAKilledWorker("ick-action-8-123");
        Process otherWorker = ForeignLocks.hold(running.resolve(ActionTempDir.LOCK), false);
        try {
            assertThat(ActionTempDir.removeStale(root)).isZero();

            assertThat(running.resolve("script.sh")).exists();
        } finally {
            otherWorker.destroyForcibly().waitFor();
        }
    }

    @Test
    void theDirectoryOfAnActionOfThisWorkerStaysLockedUntilItEnds() throws Exception {
        LockedDir action = ActionTempDir.create(root, 9);
        Path lock = action.dir().resolve(ActionTempDir.LOCK);
        assertThat(action.dir().getFileName().toString()).startsWith("ick-action-9-");
        Files.setLastModifiedTime(action.dir(), LONG_AGO);

        assertThat(ActionTempDir.removeStale(root)).isZero();
        assertThat(action.dir()).isDirectory();
        assertThat(ForeignLocks.freeForOthers(lock)).isFalse(); // the look did not drop this JVM's lock

        action.close();
        assertThat(action.dir()).doesNotExist();
    }

    @Test
    void linksInAStaleDirectoryAreRemovedAsLinksAndALinkInsteadOfADirectoryIsLeft() throws Exception {
        Path outside = Files.createDirectories(root.resolveSibling(root.getFileName() + "-outside"));
        Files.writeString(outside.resolve("keep.txt"), "not the action's");
        Files.writeString(outside.resolve(ActionTempDir.LOCK), "");
        Path stale = leftByAKilledWorker("ick-action-10-123");
        Files.createSymbolicLink(stale.resolve("escape"), outside);
        Files.createDirectories(stale.resolve("root/usr"));
        Files.createSymbolicLink(stale.resolve("root/usr/lib"), outside);
        Files.setLastModifiedTime(stale, LONG_AGO);
        Path linked = Files.createSymbolicLink(root.resolve("ick-action-11-123"), outside);

        assertThat(ActionTempDir.removeStale(root)).isEqualTo(1);

        assertThat(stale).doesNotExist();
        assertThat(linked).isSymbolicLink();
        assertThat(outside.resolve("keep.txt")).hasContent("not the action's");
    }

    @Test
    void youngUnlockableForeignAndOpenDirectoriesStay() throws Exception {
        Path young = leftByAKilledWorker("ick-action-12-123");
        Files.setLastModifiedTime(young, FileTime.from(Instant.now()));
        Path fromAnOlderWorker = leftByAKilledWorker("ick-action-13-123");
        Files.delete(fromAnOlderWorker.resolve(ActionTempDir.LOCK));
        Files.setLastModifiedTime(fromAnOlderWorker, LONG_AGO);
        Path writableByOthers = leftByAKilledWorker("ick-action-14-123");
        Files.setPosixFilePermissions(writableByOthers, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path other = Files.createDirectories(root.resolve("ick-other-1"));

        assertThat(ActionTempDir.removeStale(root)).isZero();

        assertThat(young).isDirectory();
        assertThat(fromAnOlderWorker).isDirectory();
        assertThat(writableByOthers).isDirectory();
        assertThat(other).isDirectory();
    }

    @Test
    void theDirectoryOfAnotherUserStays() throws Exception {
        assumeTrue(Sandbox.runsAsRoot(), "needs root to give a directory to another user");
        Path theirs = leftByAKilledWorker("ick-action-15-123");
        UserPrincipal nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(theirs.resolve(ActionTempDir.LOCK), nobody);
        Files.setOwner(theirs, nobody);
        Files.setLastModifiedTime(theirs, LONG_AGO);

        assertThat(ActionTempDir.removeStale(root)).isZero();

        assertThat(theirs).isDirectory();
    }

    /** A directory as a worker killed by SIGKILL leaves it: files, its lock file, no lock held, long unchanged. */
    private Path leftByAKilledWorker(String name) throws Exception {
        Path dir = Files.createDirectory(root.resolve(name), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(dir.resolve("script.sh"), "echo hi");
        Files.writeString(dir.resolve(ActionTempDir.LOCK), "");
        Files.setLastModifiedTime(dir, LONG_AGO);
        return dir;
    }
}

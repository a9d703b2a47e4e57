package ick.client.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's system-tree cache on a real directory, with locks of this JVM and of another process. */
class SystreeCacheTest {
    private static final String OLDEST = "a".repeat(64);
    private static final String OLDER = "b".repeat(64);
    private static final String NEWEST = "c".repeat(64);

    @TempDir
    Path dir;
    private final List<String> out = new ArrayList<>();

    @Test
    void theLeastRecentlyUsedTreesGoUntilTheRestFit() throws Exception {
        cacheThree();

        new SystreeCache(dir, 2_500, out::add).close();

        assertThat(dir.resolve(OLDEST)).doesNotExist();
        assertThat(dir.resolve(OLDER)).isDirectory();
        assertThat(dir.resolve(NEWEST).resolve("usr/bin/tool")).hasSize(1_000);
        assertThat(out).singleElement().asString().contains("removed system tree " + OLDEST, "systree-cache-max-size");
        assertThat(dir).isDirectoryNotContaining("glob:**/evicting-*");
    }

    @Test
    void usingATreeMakesItTheMostRecentlyUsed() throws Exception {
        cacheThree();

        try (SystreeCache populate = new SystreeCache(dir, Long.MAX_VALUE, out::add)) {
            assertThat(populate.use(OLDEST)).isEqualTo(dir.resolve(OLDEST));
        }
        new SystreeCache(dir, 2_500, out::add).close();

        assertThat(dir.resolve(OLDEST)).isDirectory();
        assertThat(dir.resolve(OLDER)).doesNotExist();
    }

    @Test
    void theTreesOfTheClosingPopulateStayEvenAboveTheLimit() throws Exception {
        cacheThree();

        try (SystreeCache populate = new SystreeCache(dir, 0, out::add)) {
            populate.use(OLDEST);
        }

        assertThat(dir.resolve(OLDEST)).isDirectory();
        assertThat(dir.resolve(OLDER)).doesNotExist();
        assertThat(dir.resolve(NEWEST)).doesNotExist();
    }

    @Test
    void aTreeThatAnotherPopulateOfThisWorkerUsesStays() throws Exception {
        cacheThree();

        try (SystreeCache running = new SystreeCache(dir, Long.MAX_VALUE, out::add)) {
            running.use(OLDEST);

            new SystreeCache(dir, 0, out::add).close();

            assertThat(dir.resolve(OLDEST)).isDirectory();
            assertThat(dir.resolve(NEWEST)).doesNotExist();
            // the eviction did not drop this JVM's lock: another worker process still cannot take it
            assertThat(ForeignLocks.freeForOthers(dir.resolve(OLDEST + ".lock"))).isFalse();
        }
        assertThat(ForeignLocks.freeForOthers(dir.resolve(OLDEST + ".lock"))).isTrue();
    }

    @Test
    void aTreeThatAnotherWorkerProcessUsesStays() throws Exception {
        cacheThree();
        Process other = ForeignLocks.hold(dir.resolve(OLDEST + ".lock"), true);
        try {
            new SystreeCache(dir, 0, out::add).close();

            assertThat(dir.resolve(OLDEST)).isDirectory();
            assertThat(dir.resolve(OLDER)).doesNotExist();
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void aTreeCachedByAnOlderWorkerCountsAsUsedWhenItWasMadeAndLinksAreNotFollowed() throws Exception {
        cacheThree();
        Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside"));
        Files.write(outside.resolve("big"), new byte[10_000]);
        Files.createSymbolicLink(dir.resolve(NEWEST).resolve("outside"), outside);
        Files.delete(dir.resolve(OLDER + ".lock"));
        Files.setLastModifiedTime(dir.resolve(OLDER), FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));

        new SystreeCache(dir, 2_500, out::add).close();

        assertThat(dir.resolve(OLDER)).doesNotExist();
        assertThat(dir.resolve(OLDEST)).isDirectory();
        assertThat(dir.resolve(NEWEST)).isDirectory();
        assertThat(outside.resolve("big")).hasSize(10_000);
    }

    @Test
    void aTreeThatAnotherWorkerProcessEvictedFirstIsSkippedAndTheEvictionGoesOn() throws Exception {
        cacheThree();
        SystreeCache second = new SystreeCache(dir, 1_500, out::add);
        List<SystreeCache.Cached> listed = second.cached();

        new SystreeCache(dir, 2_500, out::add).close(); // the first worker process removes the oldest tree
        second.evict(listed);

        assertThat(dir.resolve(OLDEST)).doesNotExist();
        assertThat(dir.resolve(OLDER)).doesNotExist();
        assertThat(dir.resolve(NEWEST)).isDirectory();
        assertThat(out).hasSize(2).last().asString().contains("removed system tree " + OLDER);
    }

    @Test
    void anEvictionSumsTheSizesKeptBesideTheTreesWithoutWalkingThem() throws Exception {
        cacheThree();
        Files.writeString(dir.resolve(OLDEST + ".size"), "1");
        Files.writeString(dir.resolve(OLDER + ".size"), "1");

        new SystreeCache(dir, 1_500, out::add).close();

        assertThat(dir.resolve(OLDEST)).isDirectory();
        assertThat(dir.resolve(OLDER)).isDirectory();
        assertThat(out).isEmpty();
    }

    @Test
    void aTreeWithoutASizeFileIsMeasuredOnceAndItsSizeKept() throws Exception {
        cacheThree();
        Files.delete(dir.resolve(OLDER + ".size")); // as an older worker cached it

        new SystreeCache(dir, Long.MAX_VALUE, out::add).close();

        assertThat(dir.resolve(OLDER + ".size")).hasContent("1000");
    }

    @Test
    void anAddedTreeIsUnpackedOutsideTheCacheAndItsSizeKept() throws Exception {
        String digest = "d".repeat(64);
        try (SystreeCache populate = new SystreeCache(dir, Long.MAX_VALUE, out::add)) {
            Path tree = populate.use(digest);
            populate.add(digest, unpacking -> {
                assertThat(unpacking).isNotEqualTo(tree).doesNotExist();
                Files.createDirectories(unpacking.resolve("etc"));
                Files.write(unpacking.resolve("etc/big"), new byte[4_096]);
            });
        }

        assertThat(dir.resolve(digest).resolve("etc/big")).hasSize(4_096);
        assertThat(dir.resolve(digest + ".size")).hasContent("4096");
        assertThat(dir).isDirectoryNotContaining("glob:**/unpacking-*");
    }

    @Test
    void anEvictedTreeLeavesTheCacheAtOnceAndIsRemovedAfterTheCloseReturns() throws Exception {
        cacheThree();
        List<Runnable> later = new ArrayList<>();

        new SystreeCache(dir, 2_500, out::add, later::add).close();

        assertThat(dir.resolve(OLDEST)).doesNotExist();
        assertThat(dir).isDirectoryContaining("glob:**/evicting-*");
        later.forEach(Runnable::run);
        assertThat(dir).isDirectoryNotContaining("glob:**/evicting-*");
    }

    @Test
    void theUnpackingAndEvictingDirectoriesOfAKilledWorkerGoAtTheNextEvictionAndLinksAreNotFollowed()
            throws Exception {
        cacheThree();
        Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside"));
        Files.write(outside.resolve("precious"), new byte[10]);
        Path unpacking = leftBehind("unpacking-1");
        Path evicting = leftBehind("evicting-2");
        Files.createSymbolicLink(evicting.resolve("tree/outside"), outside);
        Path stillUnpacking = leftBehind("unpacking-3");
        Process otherWorker = ForeignLocks.hold(stillUnpacking.resolve(SystreeCache.LOCK), false);
        try {
            new SystreeCache(dir, Long.MAX_VALUE, out::add).close();

            assertThat(unpacking).doesNotExist();
            assertThat(evicting).doesNotExist();
            assertThat(stillUnpacking).isDirectory();
            assertThat(outside.resolve("precious")).hasSize(10);
        } finally {
            otherWorker.destroyForcibly().waitFor();
        }
    }

    /** A directory with its lock file and a tree in it, last changed long ago, as a killed worker leaves it. */
    private Path leftBehind(String name) throws Exception {
        Path left = Files.createDirectories(dir.resolve(name).resolve("tree/usr"));
        Files.writeString(dir.resolve(name).resolve(SystreeCache.LOCK), "");
        Files.setLastModifiedTime(dir.resolve(name), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        return left.getParent().getParent();
    }

    /** Three trees of 1,000 bytes, used in the order of their names. */
    private void cacheThree() throws Exception {
        long day = 0;
        for (String digest : List.of(OLDEST, OLDER, NEWEST)) {
            try (SystreeCache populate = new SystreeCache(dir, Long.MAX_VALUE, out::add)) {
                Path tree = populate.use(digest);
                Files.createDirectories(tree.resolve("usr/bin"));
                Files.write(tree.resolve("usr/bin/tool"), new byte[1_000]);
            }
            Files.setLastModifiedTime(dir.resolve(digest + ".lock"),
                    FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86_400 * day++)));
        }
    }
}

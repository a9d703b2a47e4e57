package ick.client.worker;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DebVersionsTest {
    private static final String CHANGELOG = """
            hello-ick (0.1.0-1) unstable; urgency=medium

              * Initial release.

             -- Ick Tests <ick@example.org>  Mon, 01 Jan 2024 00:00:00 +0000
            """;

    @Test
    void theTopEntryGivesSourceAndVersion() {
        DebVersions.Plan top = DebVersions.topEntry(CHANGELOG);
        assertThat(top.source()).isEqualTo("hello-ick");
        assertThat(top.version()).isEqualTo(new DebVersions.Version(null, "0.1.0", "1"));
        assertThat(DebVersions.topEntry("\nick (2:1.0-2-3) unstable; urgency=low\n").version())
                .isEqualTo(new DebVersions.Version("2", "1.0-2", "3"));
        assertThat(DebVersions.topEntry("ick (1.0) UNRELEASED; urgency=low").version())
                .isEqualTo(new DebVersions.Version(null, "1.0", null));
    }

    @Test
    void aCiBuildIsUpstreamPlusCiNDash1() {
        assertThat(plan("0.1.0-1", "main", 42).version()).hasToString("0.1.0+ci42-1");
        assertThat(plan("0.1.0-1", null, 3).version()).hasToString("0.1.0+ci3-1");
        assertThat(plan("0.1.0-4", "refs/heads/main", 3).version()).hasToString("0.1.0+ci3-1");
        assertThat(plan("1:2.0~rc1-1", "main", 7).version()).hasToString("1:2.0~rc1+ci7-1");
        assertThat(plan("1:2.0~rc1-1", "main", 7).filePrefix()).isEqualTo("hello-ick_2.0~rc1+ci7-1");
        assertThat(plan("0.1.0", "main", 5).version()).hasToString("0.1.0+ci5"); // native: no revision
        assertThat(plan("0.1.0-1", "refs/tags/v0.1.0", 5).ci()).isTrue(); // not a release tag
        assertThat(plan("0.1.0-1", "main", 5).ci()).isTrue();
    }

    @Test
    void aReleaseBuildKeepsTheChangelogsVersion() {
        DebVersions.Plan release = plan("0.2.0-1", "refs/tags/release/0.2.0", 9);
        assertThat(release.ci()).isFalse();
        assertThat(release.version()).hasToString("0.2.0-1");
        assertThat(plan("1:0.2.0-3", "refs/tags/release/0.2.0", 9).version()).hasToString("1:0.2.0-3");
    }

    @Test
    void aReleaseTagThatIsNotTheChangelogsUpstreamVersionFails() {
        assertThatThrownBy(() -> plan("0.1.0-1", "refs/tags/release/0.2.0", 9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("release tag release/0.2.0 does not match debian/changelog, whose top entry is hello-ick"
                        + " 0.1.0-1 (upstream version 0.1.0): tag release/0.1.0, or add a changelog entry for 0.2.0");
        assertThatThrownBy(() -> plan("0.2.0-1", "refs/tags/release/0.2.0-1", 9))
                .hasMessageContaining("does not match");
    }

    @Test
    void aChangelogThatIsNotOneIsRefusedClearly() {
        assertThatThrownBy(() -> DebVersions.topEntry("Hello world\n"))
                .hasMessageStartingWith("the first line of debian/changelog is not \"SOURCE (VERSION)");
        assertThatThrownBy(() -> DebVersions.topEntry("")).hasMessageContaining("first line");
        assertThatThrownBy(() -> DebVersions.topEntry("hello (a.1-1) unstable; urgency=low"))
                .hasMessage("\"a.1-1\" is not a Debian version");
        assertThatThrownBy(() -> DebVersions.topEntry("hello (1.0'; rm -rf /-1) unstable; urgency=low"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DebVersions.topEntry("hello (1.0';rm$HOME-1) unstable; urgency=low"))
                .hasMessageContaining("is not a Debian version");
        assertThat(DebVersions.topEntry("hello (1:2:3) unstable; urgency=low").version())
                .isEqualTo(new DebVersions.Version("1", "2:3", null));
    }

    /** dpkg itself agrees: the CI builds of a release sort between it and the next release. */
    @Test
    void dpkgSortsReleasesAndCiBuildsInOrder() throws Exception {
        List<String> ordered = List.of("0.1.0-1", version("0.1.0-1", 1), version("0.1.0-1", 2),
                version("0.1.0-1", 10), "0.1.1-1", version("0.1.1-1", 1), "0.2.0-1", "0.10.0-1");
        assertThat(ordered.subList(1, 4)).containsExactly("0.1.0+ci1-1", "0.1.0+ci2-1", "0.1.0+ci10-1");
        for (int i = 0; i + 1 < ordered.size(); i++) {
            assertThat(dpkgLessThan(ordered.get(i), ordered.get(i + 1)))
                    .as(ordered.get(i) + " < " + ordered.get(i + 1)).isTrue();
            assertThat(dpkgLessThan(ordered.get(i + 1), ordered.get(i)))
                    .as(ordered.get(i + 1) + " < " + ordered.get(i)).isFalse();
        }
        // a release with a newer Debian revision stays below the CI builds of its upstream version
        assertThat(dpkgLessThan("0.1.0-4", version("0.1.0-4", 1))).isTrue();
        // pre-releases: 1.0~rc1 < its CI builds < 1.0
        assertThat(dpkgLessThan("1.0~rc1-1", version("1.0~rc1-1", 1))).isTrue();
        assertThat(dpkgLessThan(version("1.0~rc1-1", 99), "1.0-1")).isTrue();
        // native versions
        assertThat(dpkgLessThan("0.1.0", version("0.1.0", 1))).isTrue();
        assertThat(dpkgLessThan(version("0.1.0", 1), "0.1.1")).isTrue();
    }

    /**
     * The caveat docs/project-file.md states: the version comes from the changelog, so a CI build of the very
     * commit a release is tagged on sorts above that release (and above a later Debian revision of it), as
     * {@code +} means "after" to dpkg; it stays below the next upstream release.
     */
    @Test
    void aCiBuildOfTheReleasedCommitSortsAboveTheReleaseAsDpkgSaysPlusMeans() throws Exception {
        String release = plan("0.2.0-1", "refs/tags/release/0.2.0", 9).version().toString();
        String ciOfThatCommit = version("0.2.0-1", 8);
        assertThat(release).isEqualTo("0.2.0-1");
        assertThat(ciOfThatCommit).isEqualTo("0.2.0+ci8-1");
        assertThat(dpkgLessThan(release, ciOfThatCommit)).isTrue();
        assertThat(dpkgLessThan(ciOfThatCommit, release)).isFalse();
        assertThat(dpkgLessThan("0.2.0-2", ciOfThatCommit)).isTrue();
        assertThat(dpkgLessThan(ciOfThatCommit, "0.2.1-1")).isTrue();
        assertThat(dpkgLessThan(ciOfThatCommit, "0.2.0.1-1")).isTrue();
    }

    private static DebVersions.Plan plan(String version, String ref, long build) {
        return DebVersions.plan(DebVersions.topEntry("hello-ick (" + version + ") unstable; urgency=medium\n"), ref,
                build);
    }

    private static String version(String release, long build) {
        return plan(release, "main", build).version().toString();
    }

    private static boolean dpkgLessThan(String a, String b) throws Exception {
        Process p = new ProcessBuilder("dpkg", "--compare-versions", a, "lt", b).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("dpkg --compare-versions " + a + " lt " + b).isIn(0, 1);
        return p.exitValue() == 0;
    }
}

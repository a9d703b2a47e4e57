package ick.client.worker;

import ick.protocol.ActionResult;
import ick.protocol.WorkItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code action: deb} with real containers (bwrap) over a real Debian system tree ({@link TestDebSystree}):
 * build-dependencies installed from the mirror, dpkg-buildpackage, the version scheme, what is uploaded, and
 * the failures. Uploads go to a map instead of a controller (DebIT does the real thing).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DebActionTest {
    @TempDir
    static Path shared;
    private static Path systree;

    @TempDir
    Path dir;
    private Path workspace;
    private final Map<String, String> uploaded = new LinkedHashMap<>();
    private final Map<String, String> storedSha256 = new LinkedHashMap<>();
    private final StringBuilder out = new StringBuilder();

    @BeforeAll
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // a cold cache runs debootstrap: minutes
    static void copySystree() throws Exception {
        systree = TestDebSystree.copy(shared.resolve("systree"));
    }

    @BeforeEach
    void workspace() throws IOException {
        workspace = Files.createDirectories(dir.resolve("ws/hello"));
        Files.createDirectories(dir.resolve("ws/.systrees"));
        Files.createSymbolicLink(dir.resolve("ws/.systrees/hello"), systree);
    }

    @Test
    void aCiBuildInstallsTheBuildDependenciesBuildsInAReadOnlyTreeAndUploadsTheChangesFirst() throws Exception {
        Path src = helloSource("src", "0.1.0-1", """
                override_dh_auto_build:
                	dos2unix --version | head -1
                	if touch /usr/ick-was-here; then echo SYSTREE-$$(echo WRITABLE); exit 1; fi
                """);
        String changelog = Files.readString(src.resolve("debian/changelog"));
        Files.createDirectories(src.resolve(".git"));
        Files.writeString(src.resolve(".git/HEAD"), "ref: refs/heads/main\n");

        ActionResult result = run(Map.of("action", "deb"), "main", 7);

        assertThat(result.exitCode()).as(out.toString()).isZero();
        assertThat(out).contains("deb: building hello-ick 0.1.0+ci7-1 from src (CI build 7)")
                .contains("apt-get build-dep").containsPattern("dos2unix 7\\.")
                .contains("dpkg-buildpackage -us -uc").doesNotContain("SYSTREE-WRITABLE");
        String prefix = "debs/hello/7/";
        List<String> files = List.of("hello-ick_0.1.0+ci7-1_amd64.changes", "hello-ick_0.1.0+ci7-1.dsc",
                "hello-ick_0.1.0+ci7-1.tar.gz", "hello-ick_0.1.0+ci7-1_all.deb", "hello-ick_0.1.0+ci7-1_amd64.buildinfo");
        assertThat(uploaded.get(prefix + "files")).isEqualTo(String.join("\n", files) + "\n");
        assertThat(uploaded.keySet()).containsExactlyInAnyOrderElementsOf(
                files.stream().map(f -> prefix + f).collect(java.util.stream.Collectors.toCollection(
                        () -> new java.util.ArrayList<>(List.of(prefix + "files")))));
        assertThat(List.copyOf(uploaded.keySet())).last().isEqualTo(prefix + "files");
        assertThat(result.stored()).as("the result vouches for each upload, as the controller stored it")
                .isEqualTo(storedSha256).containsOnlyKeys(uploaded.keySet());
        assertThat(uploaded.get(prefix + files.get(0))).contains("Version: 0.1.0+ci7-1", "Distribution: ci",
                "ick CI build 7", files.get(3));
        assertThat(debField(workspace.resolve(files.get(3)), "Version")).isEqualTo("0.1.0+ci7-1");
        assertThat(command("tar", "-tzf", workspace.resolve(files.get(2)).toString()))
                .contains("src/debian/changelog").doesNotContain(".git");
        assertThat(src.resolve("debian/changelog")).as("the changelog is put back").hasContent(changelog);
        assertThat(systree.resolve("usr/ick-was-here")).doesNotExist();
    }

    @Test
    void aReleaseOfAQuiltSourceKeepsItsVersionAndGetsAnOrigTarball() throws Exception {
        Path src = helloSource("pkg/hello", "0.2.0-1", "");
        Files.createDirectories(src.resolve("debian/source"));
        Files.writeString(src.resolve("debian/source/format"), "3.0 (quilt)\n");

        ActionResult result = run(Map.of("action", "deb", "source", "pkg/hello"), "refs/tags/release/0.2.0", 8);

        assertThat(result.exitCode()).as(out.toString()).isZero();
        assertThat(out).contains("deb: building hello-ick 0.2.0-1 from pkg/hello (release)").doesNotContain("dch");
        assertThat(uploaded.get("debs/hello/8/files")).isEqualTo("""
                hello-ick_0.2.0-1_amd64.changes
                hello-ick_0.2.0-1.dsc
                hello-ick_0.2.0.orig.tar.xz
                hello-ick_0.2.0-1.debian.tar.xz
                hello-ick_0.2.0-1_all.deb
                hello-ick_0.2.0-1_amd64.buildinfo
                """);
        assertThat(debField(workspace.resolve("pkg/hello-ick_0.2.0-1_all.deb"), "Version")).isEqualTo("0.2.0-1");
    }

    @Test
    void aReleaseTagOtherThanTheChangelogsVersionFailsBeforeBuilding() throws Exception {
        helloSource("src", "0.1.0-1", "");
        ActionResult result = run(Map.of("action", "deb"), "refs/tags/release/0.2.0", 9);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.message()).isEqualTo("deb: release tag release/0.2.0 does not match debian/changelog, whose"
                + " top entry is hello-ick 0.1.0-1 (upstream version 0.1.0): tag release/0.1.0, or add a changelog"
                + " entry for 0.2.0");
        assertThat(out).doesNotContain("apt-get");
        assertThat(uploaded).isEmpty();
    }

    @Test
    void aFailingBuildFailsTheActionWithDpkgBuildpackagesOutput() throws Exception {
        helloSource("src", "0.1.0-1", """
                override_dh_auto_build:
                	echo the compiler says no >&2
                	exit 3
                """);
        ActionResult result = run(Map.of("action", "deb"), "main", 10);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.message()).isEqualTo("deb: dpkg-buildpackage failed (exit " + result.exitCode() + ")");
        assertThat(out).contains("the compiler says no").contains("dpkg-buildpackage: error: debian/rules binary subprocess returned exit status 2");
        assertThat(uploaded).isEmpty();
    }

    @Test
    void aMissingDebianDirectoryFailsClearly() throws Exception {
        Files.createDirectories(workspace.resolve("src"));
        ActionResult result = run(Map.of("action", "deb"), "main", 11);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.message()).startsWith("deb: there is no debian/ directory in src (the workspace's ")
                .endsWith("source: names the directory of the workspace that holds debian/ (default src)");
        assertThat(run(Map.of("action", "deb", "source", "../etc"), "main", 11).message())
                .isEqualTo("deb: source: must be a directory inside the workspace, not \"../etc\"");
        Path secret = Files.writeString(dir.resolve("secret"), "host-only secret line\n");
        Files.createDirectories(workspace.resolve("linked/debian"));
        Files.createSymbolicLink(workspace.resolve("linked/debian/changelog"), secret);
        ActionResult linked = run(Map.of("action", "deb", "source", "linked"), "main", 11);
        assertThat(linked.message()).isEqualTo("deb: linked/debian/changelog is a symbolic link out of the workspace");
        assertThat(out).doesNotContain("host-only secret line");
    }

    @Test
    void theChangelogIsPutBackInPlaceOfASymlinkTheBuildLeftThereNotThroughIt() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim-outside-workspace"), "host file\n");
        Path src = helloSource("src", "0.1.0-1", """
                override_dh_auto_build:
                	ln -sf %s debian/changelog
                	exit 1
                """.formatted(victim));
        String changelog = Files.readString(src.resolve("debian/changelog"));

        ActionResult result = run(Map.of("action", "deb"), "main", 7);

        assertThat(result.message()).as(out.toString()).startsWith("deb: dpkg-buildpackage failed");
        assertThat(victim).hasContent("host file\n");
        assertThat(Files.isSymbolicLink(src.resolve("debian/changelog"))).isFalse();
        assertThat(src.resolve("debian/changelog")).hasContent(changelog);
    }

    @Test
    void theChangelogIsNotPutBackThroughADebianDirectoryTheBuildReplacedByASymlink() throws Exception {
        Path victim = Files.createDirectories(dir.resolve("victim-dir"));
        Files.writeString(victim.resolve("changelog"), "host file\n");
        helloSource("src", "0.1.0-1", """
                override_dh_auto_build:
                	mv debian debian.moved && ln -s %s debian
                """.formatted(victim));

        ActionResult result = run(Map.of("action", "deb"), "main", 7);

        assertThat(result.message()).as(out.toString())
                .isEqualTo("deb: the build replaced src/debian by a symbolic link or a file: the changelog is not put back");
        assertThat(victim.resolve("changelog")).hasContent("host file\n");
        assertThat(uploaded).isEmpty();
    }

    @Test
    void aResultThatIsASymlinkToAHostFileFailsTheActionAndNothingIsUploaded() throws Exception {
        Path secret = Files.writeString(dir.resolve("worker-secret"), "TOP-SECRET\n");
        helloSource("src", "0.1.0-1", """
                override_dh_builddeb:
                	dh_builddeb
                	mkdir -p %1$s && echo decoy > %2$s
                	ln -sf %2$s ../hello-ick_0.1.0+ci7-1_all.deb
                """.formatted(dir, secret)); // decoy: dpkg-genchanges, in the container, sums what the link leads to there

        ActionResult result = run(Map.of("action", "deb"), "main", 7);

        assertThat(result.exitCode()).as(out.toString()).isNotZero();
        assertThat(result.message()).isEqualTo("deb: hello-ick_0.1.0+ci7-1_all.deb is not a regular file (a symbolic"
                + " link?): it is not uploaded");
        assertThat(out).contains(result.message());
        assertThat(uploaded).isEmpty();
    }

    @Test
    void withoutASystemTreeOrAControllerItFailsClearly() throws Exception {
        helloSource("src", "0.1.0-1", "");
        Files.delete(dir.resolve("ws/.systrees/hello"));
        ActionResult result = run(Map.of("action", "deb"), "main", 13);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.message()).startsWith("deb: action: deb needs the project's system tree (")
                .endsWith("make it first with action: debootstrap, or populate: systree");

        ActionResult noController = Actions.forStep(context(item(Map.of("action", "deb"), "main", 13))).run(out::append);
        assertThat(noController.message()).isEqualTo("action: deb: this worker has no controller to keep blobs on");
    }

    @Test
    void stoppingEndsTheBuildAndItsProcesses() throws Exception {
        helloSource("src", "0.1.0-1", """
                override_dh_auto_build:
                	sleep 313
                """);
        WorkItem item = item(Map.of("action", "deb"), "main", 12);
        DebAction action = new DebAction(context(item), (name, file) -> {
            uploaded.put(name, Files.readString(file));
            return ick.client.http.BlobClient.sha256(file);
        });
        CompletableFuture<ActionResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return action.run(text -> {
                    synchronized (out) {
                        out.append(text);
                    }
                });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!sleeping() && System.nanoTime() < deadline && !running.isDone()) {
            Thread.sleep(100);
        }
        synchronized (out) {
            assertThat(sleeping()).as(out.toString()).isTrue();
        }
        long stop = System.nanoTime();
        action.stop();
        ActionResult result = running.get(20, TimeUnit.SECONDS);
        assertThat(result.message()).isEqualTo("stopped");
        assertThat(result.exitCode()).isNotZero();
        assertThat(Duration.ofNanos(System.nanoTime() - stop)).isLessThan(Duration.ofSeconds(10));
        assertThat(sleeping()).isFalse();
        assertThat(uploaded).isEmpty();
    }

    /** Whether a {@code sleep 313} runs anywhere on this machine. */
    private static boolean sleeping() throws IOException {
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                try {
                    if (Files.readString(p.resolve("cmdline")).equals("sleep\0" + "313\0") && Processes.alive(
                            Long.parseLong(p.getFileName().toString()))) {
                        return true;
                    }
                } catch (IOException | RuntimeException gone) {
                    // ended meanwhile
                }
            }
        }
        return false;
    }

    private ActionResult run(Map<String, Object> step, String gitRef, long build) throws Exception {
        return new DebAction(context(item(step, gitRef, build)), (name, file) -> {
            uploaded.put(name, Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
            storedSha256.put(name, ick.client.http.BlobClient.sha256(file));
            return storedSha256.get(name);
        }).run(out::append);
    }

    private WorkItem item(Map<String, Object> step, String gitRef, long build) {
        return new WorkItem(1, "hello/" + build, "hello", build, 2, new HashMap<>(step), Map.of("git_ref", gitRef));
    }

    private ActionContext context(WorkItem item) throws IOException {
        return new ActionContext(item, workspace, Files.createTempDirectory(dir, "t"), Duration.ofSeconds(2));
    }

    /** A tiny source package, hello-ick, in the workspace's {@code path}, whose rules end with {@code rules}. */
    private Path helloSource(String path, String version, String rules) throws IOException {
        Path src = Files.createDirectories(workspace.resolve(path).resolve("debian"));
        Files.writeString(src.resolve("control"), """
                Source: hello-ick
                Section: misc
                Priority: optional
                Maintainer: Ick Tests <ick@example.org>
                Build-Depends: debhelper-compat (= 13), dos2unix
                Standards-Version: 4.6.2
                Rules-Requires-Root: no

                Package: hello-ick
                Architecture: all
                Depends: ${misc:Depends}
                Description: greeting made by ick's tests
                 A shell script that says hello.
                """);
        Files.writeString(src.resolve("changelog"), """
                hello-ick (%s) unstable; urgency=medium

                  * Initial release.

                 -- Ick Tests <ick@example.org>  Mon, 01 Jan 2024 00:00:00 +0000
                """.formatted(version));
        Files.writeString(src.resolve("rules"), "#!/usr/bin/make -f\n%:\n\tdh $@\n\n" + rules);
        src.resolve("rules").toFile().setExecutable(true);
        Files.writeString(src.resolve("install"), "hello-ick usr/bin\n");
        Path script = Files.writeString(src.getParent().resolve("hello-ick"), "#!/bin/sh\necho hello from ick\n");
        script.toFile().setExecutable(true);
        return src.getParent();
    }

    private static String debField(Path deb, String field) throws Exception {
        return command("dpkg-deb", "-f", deb.toString(), field);
    }

    private static String command(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(text).isZero();
        return text;
    }
}

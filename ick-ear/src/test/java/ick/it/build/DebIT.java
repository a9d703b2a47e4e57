package ick.it.build;

import com.fasterxml.jackson.databind.JsonNode;
import ick.client.http.BlobClient;
import ick.client.http.ClientConfig;
import ick.it.Api;
import ick.it.Icktool;
import ick.it.TestEnv;
import ick.it.apt.DebianChroot;
import ick.it.trusted.TrustedFixtures;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code action: deb} through a real worker daemon, real bwrap containers over a real debootstrap system tree
 * (build-essential, devscripts, equivs, debhelper) and the controller's blob store: a tiny source package,
 * written by a shell action, is built as a CI build ({@code 0.1.0+ciN-1}) and as a release, its files stored
 * as blobs {@code debs/PROJECT/N/*}; a failing build, a missing {@code debian/} and a release tag that is not
 * the changelog's version fail with clear messages. And the whole way to a user: a CI build's debs, published
 * by a trusted worker ({@code publish_debs}, signed with its PGP key) into the controller's APT repository,
 * install with apt-get in a debootstrap chroot that trusts the repository key.
 * <p>
 * The system tree is made once, by the worker's {@code action: debootstrap} from this machine's apt mirror,
 * and cached in {@code ~/.cache/ick-test-deb-systree/bookworm} (override: {@code ick.test.deb-systree-cache};
 * shared with the worker's DebActionTest);
 * each run plants a copy in the worker's {@code .systrees/}, as debootstrap would have left it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DebIT {
    private static final String WORKER = "deb-worker";
    private static final Path CACHE = Path.of(System.getProperty("ick.test.deb-systree-cache",
            System.getProperty("user.home") + "/.cache/ick-test-deb-systree"), "bookworm");
    private static final Pattern BUILD = Pattern.compile("(?m)^build (\\S+)/(\\d+) (\\S+)$");

    private static final String TRUSTED = "deb-trusted-worker";
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    /** The published package's name: the APT repository outlives the test server, and build numbers restart. */
    private static final String PACKAGE = "hello-ick-" + RUN;

    private static LocalWorkers workers;
    private static Path systrees;
    private static TrustedFixtures trusted;
    private static TrustedFixtures.PgpKey signer;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeAll
    static void startWorker() throws Exception {
        workers = new LocalWorkers("deb-it");
        systrees = workers.dir().resolve("ws-" + WORKER + "/.systrees");
        Process copy = isCached() ? plantCopy() : null; // meanwhile the worker starts
        workers.start(WORKER, List.of("deb-it"));
        startTrustedWorker();
        workers.awaitRegistered(WORKER);
        Path file = Files.writeString(workers.dir().resolve("debs.ick"), PROJECTS.replace("@PACKAGE@", PACKAGE));
        Icktool.Result made = icktool(60, "make-it-so", file.toString());
        assertThat(made.exitCode()).as(made.output()).isZero();
        if (copy == null) {
            makeCachedSystree();
            copy = plantCopy();
        }
        assertThat(copy.waitFor(300, TimeUnit.SECONDS)).as("copying the system tree").isTrue();
        assertThat(copy.exitValue()).as("cp -a " + CACHE + ": " + new String(copy.getInputStream().readAllBytes()))
                .isZero();
        for (String project : List.of("deb-it-release", "deb-it-broken", "deb-it-apt", "deb-it-swap")) {
            Files.deleteIfExists(systrees.resolve(project)); // left by an interrupted run
            Files.createSymbolicLink(systrees.resolve(project), systrees.resolve("deb-it"));
        }
    }

    /** A trusted worker holding the PGP key that signs uploads, which the APT repository takes. */
    private static void startTrustedWorker() throws Exception {
        trusted = new TrustedFixtures("deb-it-trusted-" + RUN);
        signer = trusted.pgpKey("deb-it-signer");
        TrustedFixtures.allowUploadsSignedBy(signer, "deb-it-" + RUN);
        trusted.startWorker(TRUSTED, "@trusted", trusted.secrets(Map.of("deb-it-signer", signer.secretKey())));
    }

    @AfterAll
    static void stopWorker() throws Exception {
        if (workers != null) {
            workers.close();
        }
        if (trusted != null) {
            trusted.close();
        }
        if (systrees != null && Files.exists(systrees)) {
            // the planted tree is big: leave no copy behind (in the background, the next test class may start)
            Path gone = Files.move(systrees, systrees.resolveSibling(".systrees-gone-" + System.nanoTime()));
            new ProcessBuilder("rm", "-rf", gone.toString()).start();
        }
    }

    @Test
    void aCiBuildStoresItsDebsAsBlobsVersionedWithTheBuildNumber() throws Exception {
        Icktool.Result build = icktool(180, "build", "deb-it", "--wait");
        assertThat(build.exitCode()).as(build.output()).isZero();
        long n = number(build.output());
        String version = "0.1.0+ci" + n + "-1";
        assertThat(build.output()).contains("deb: building hello-ick " + version + " from src (CI build " + n + ")")
                .contains("apt-get build-dep").contains("dpkg-buildpackage -us -uc")
                .contains("hello-ick_" + version + "_all.deb");

        String prefix = "debs/deb-it/" + n + "/";
        String files = download(prefix + "files", workers.dir().resolve("files-" + n));
        assertThat(files.lines().toList()).containsExactly("hello-ick_" + version + "_amd64.changes",
                "hello-ick_" + version + ".dsc", "hello-ick_" + version + ".tar.gz",
                "hello-ick_" + version + "_all.deb", "hello-ick_" + version + "_amd64.buildinfo");
        String listed = Api.admin().get("/api/v1/blobs?prefix=" + prefix).body();
        for (String name : files.lines().toList()) {
            assertThat(listed).contains("\"" + prefix + name + "\"");
        }

        Path deb = workers.dir().resolve("hello-ick_" + version + "_all.deb");
        download(prefix + "hello-ick_" + version + "_all.deb", deb);
        assertThat(run("dpkg-deb", "-f", deb.toString(), "Version").strip()).isEqualTo(version);
        assertThat(run("dpkg-deb", "-c", deb.toString())).contains("./usr/bin/hello-ick");
        String changes = download(prefix + "hello-ick_" + version + "_amd64.changes", workers.dir().resolve("changes"));
        assertThat(changes).contains("Version: " + version, "Distribution: ci", "ick CI build " + n);
    }

    /** The chain of ick.ick: deb (ordinary worker) -> publish_debs (trusted worker) -> APT -> apt-get install. */
    @Test
    void aCiBuildsDebsArePublishedByTheTrustedWorkerAndInstallWithAptGet() throws Exception {
        Icktool.Result build = icktool(180, "build", "deb-it-apt", "--wait");
        assertThat(build.exitCode()).as(build.output()).isZero();
        long n = number(build.output());
        String version = "0.1.0+ci" + n + "-1";
        assertThat(build.output()).contains("deb: building " + PACKAGE + " " + version + " from src (CI build " + n + ")",
                "with key " + signer.fingerprint() + " (pgp_key \"deb-it-signer\")",
                "publish_debs: the APT repository took " + PACKAGE + " " + version + " into suite ci");
        JsonNode actions = Api.json(Api.admin().get("/api/v1/projects/deb-it-apt/builds/" + n + "/actions"));
        JsonNode deb = actions.get(actions.size() - 2);
        JsonNode publish = actions.get(actions.size() - 1);
        assertThat(deb.get("step").get("action").asText() + " on " + deb.get("worker").asText())
                .isEqualTo("deb on " + WORKER);
        assertThat(publish.get("step").get("action").asText() + " on " + publish.get("worker").asText())
                .isEqualTo("publish_debs on " + TRUSTED);

        DebianChroot chroot = DebianChroot.fresh(workers.dir().resolve("chroot"));
        try {
            DebianChroot.Result installed = chroot.aptInstallFromIck("ci", PACKAGE);
            assertThat(installed.exitCode()).as(installed.output()).isZero();
            assertThat(chroot.sh("dpkg-query -W -f '${Version}' " + PACKAGE).output()).isEqualTo(version);
            assertThat(chroot.sh("hello-ick").output()).isEqualTo("hello from ick\n");
        } finally {
            chroot.remove();
        }
    }

    /**
     * Repository code on an ordinary worker can read that worker's credentials and write blobs. Between the deb
     * action and publish_debs it writes the build's upload again: the trusted worker signs nothing, since the
     * upload is not as the deb action stored it (the controller pins the SHA-256 its result gave).
     */
    @Test
    void debsWrittenAgainAfterTheDebActionAreNotSignedByTheTrustedWorker() throws Exception {
        Api admin = Api.admin();
        long n = admin.trigger("deb-it-swap");
        String build = "/api/v1/projects/deb-it-swap/builds/" + n;
        await().atMost(Duration.ofSeconds(180)).until(() -> {
            for (JsonNode a : Api.json(admin.get(build + "/actions"))) {
                if (a.get("step").path("action").asText().equals("deb")) {
                    return a.get("state").asText().equals("succeeded");
                }
            }
            return false;
        });
        Api thief = Api.client("deb-it-thief-" + RUN, "secret-of-the-thief-" + RUN, List.of("@worker"));
        String files = "/api/v1/blobs/debs/deb-it-swap/" + n + "/files";
        HttpResponse<String> swapped = thief.send("PUT", files, "application/octet-stream",
                "evil_1.0_amd64.changes\n".getBytes(StandardCharsets.UTF_8));
        assertThat(swapped.statusCode()).as(swapped.body()).isIn(200, 201);
        await().atMost(Duration.ofSeconds(120)).until(() -> !Api.json(admin.get(build)).get("state").asText()
                .equals("building"));
        assertThat(Api.json(admin.get(build)).get("state").asText()).isEqualTo("failed");
        assertThat(admin.wholeLog(build + "/log")).contains("publish_debs: blob debs/deb-it-swap/" + n
                + "/files is not as this build's action: deb stored it (SHA-256 ")
                .contains("it was written again since; nothing is signed")
                .doesNotContain("the APT repository took");
    }

    @Test
    void aReleaseBuildKeepsTheChangelogsVersionAndAStrangeTagFails() throws Exception {
        Icktool.Result release = icktool(180, "build", "deb-it-release", "--wait");
        assertThat(release.exitCode()).as(release.output()).isZero();
        long n = number(release.output());
        assertThat(release.output()).contains("deb: building hello-ick 0.1.0-1 from src (release)");
        String files = download("debs/deb-it-release/" + n + "/files", workers.dir().resolve("release-files"));
        assertThat(files).startsWith("hello-ick_0.1.0-1_amd64.changes\n").contains("hello-ick_0.1.0-1_all.deb\n");

        Icktool.Result badTag = icktool(120, "build", "deb-it-badtag", "--wait");
        assertThat(badTag.exitCode()).as(badTag.output()).isNotZero();
        assertThat(badTag.output()).contains("deb: release tag release/0.2.0 does not match debian/changelog,"
                + " whose top entry is hello-ick 0.1.0-1 (upstream version 0.1.0)").doesNotContain("apt-get");
        assertNoBlobs("debs/deb-it-badtag/");
    }

    @Test
    void aFailingBuildFailsWithDpkgBuildpackagesOutputAndStoresNothing() throws Exception {
        Icktool.Result build = icktool(180, "build", "deb-it-broken", "--wait");
        assertThat(build.exitCode()).as(build.output()).isNotZero();
        assertThat(build.output()).contains("the compiler says no")
                .contains("dpkg-buildpackage: error: debian/rules binary subprocess returned exit status 2")
                .contains("deb: dpkg-buildpackage failed (exit 2)");
        assertNoBlobs("debs/deb-it-broken/");
    }

    @Test
    void aSourceWithoutDebianDirectoryFailsClearly() throws Exception {
        Icktool.Result build = icktool(120, "build", "deb-it-nodebian", "--wait");
        assertThat(build.exitCode()).as(build.output()).isNotZero();
        assertThat(build.output()).contains("deb: there is no debian/ directory in src (the workspace's ")
                .contains("source: names the directory of the workspace that holds debian/ (default src)");
        assertNoBlobs("debs/deb-it-nodebian/");
    }

    @Test
    void blobNamesTakeDebianFileNamesButNoColonOrClimbing() {
        Api admin = Api.admin();
        String name = "debs/deb-it-names/1/hello-ick_1.0~rc1+ci1-1_all.deb";
        HttpResponse<String> put = admin.send("PUT", "/api/v1/blobs/" + name, "application/octet-stream",
                "not really a deb".getBytes());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(Api.json(put).get("name").asText()).isEqualTo(name);
        assertThat(admin.get("/api/v1/blobs/" + name).body()).isEqualTo("not really a deb");
        assertThat(admin.get("/api/v1/blobs?prefix=debs/deb-it-names/").body()).contains("\"" + name + "\"");
        for (String bad : List.of("debs/deb-it-names/1/hello_1:1.0-1_all.deb", "debs/deb-it-names/1/~hello",
                "debs/deb-it-names/1/+hello")) {
            HttpResponse<String> refused = admin.send("PUT", "/api/v1/blobs/" + bad, "application/octet-stream",
                    "x".getBytes());
            assertThat(refused.statusCode()).as(bad + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("invalid blob name");
        }
        assertThat(admin.get("/api/v1/blobs?prefix=debs/deb-it-names/").body()).doesNotContain("hello_1")
                .doesNotContain("~hello").doesNotContain("+hello");
    }

    /**
     * Six projects, one pipeline: a shell action writes the source package (as {@code variant} says; named
     * {@code package}, default hello-ick), then deb. deb-it-apt adds the trusted pipeline that publishes.
     */
    private static final String PROJECTS = """
            projects:
              - project: deb-it
                parameters: {git_ref: main, variant: ok}
                pipelines: [deb-it]
              - project: deb-it-release
                parameters: {git_ref: refs/tags/release/0.1.0, variant: ok}
                pipelines: [deb-it]
              - project: deb-it-badtag
                parameters: {git_ref: refs/tags/release/0.2.0, variant: ok}
                pipelines: [deb-it]
              - project: deb-it-broken
                parameters: {git_ref: main, variant: broken}
                pipelines: [deb-it]
              - project: deb-it-nodebian
                parameters: {git_ref: main, variant: nodebian}
                pipelines: [deb-it]
              - project: deb-it-apt
                parameters: {git_ref: main, variant: ok, package: "@PACKAGE@", pgp_key: deb-it-signer, apt_suite: auto}
                pipelines: [deb-it, deb-it-publish]
              - project: deb-it-swap
                parameters: {git_ref: main, variant: ok, package: "@PACKAGE@", pgp_key: deb-it-signer, apt_suite: auto}
                pipelines: [deb-it, deb-it-pause, deb-it-swap-publish]
            pipelines:
              - pipeline: deb-it-pause
                labels: [deb-it]
                workspace: own
                needs: [deb-it]
                actions:
                  - shell: sleep 10
              - pipeline: deb-it-swap-publish
                trusted: true
                workspace: own
                needs: [deb-it-pause]
                parameters: [pgp_key, apt_suite, git_ref]
                actions:
                  - action: publish_debs
              - pipeline: deb-it-publish
                trusted: true
                workspace: own
                needs: [deb-it]
                parameters: [pgp_key, apt_suite, git_ref]
                actions:
                  - action: publish_debs
              - pipeline: deb-it
                labels: [deb-it]
                parameters: [git_ref, variant, package]
                actions:
                  - shell: |
                      mkdir -p src
                      cd src
                      printf '#!/bin/sh\\necho hello from ick\\n' > hello-ick
                      chmod +x hello-ick
                      test "$variant" = nodebian && exit 0
                      mkdir debian
                      name=${package:-hello-ick}
                      cat > debian/control <<EOF
                      Source: $name
                      Section: misc
                      Priority: optional
                      Maintainer: Ick Tests <ick@example.org>
                      Build-Depends: debhelper-compat (= 13), dos2unix
                      Standards-Version: 4.6.2
                      Rules-Requires-Root: no

                      Package: $name
                      Architecture: all
                      Depends: \\${misc:Depends}
                      Description: greeting made by ick's tests
                       A shell script that says hello.
                      EOF
                      cat > debian/changelog <<EOF
                      $name (0.1.0-1) unstable; urgency=medium

                        * Initial release.

                       -- Ick Tests <ick@example.org>  Mon, 01 Jan 2024 00:00:00 +0000
                      EOF
                      printf '#!/usr/bin/make -f\\n%%:\\n\\tdh $@\\n' > debian/rules
                      if test "$variant" = broken; then
                        printf 'override_dh_auto_build:\\n\\techo the compiler says no >&2\\n\\texit 3\\n' >> debian/rules
                      else
                        printf 'override_dh_auto_build:\\n\\tdos2unix --version\\n' >> debian/rules
                      fi
                      chmod +x debian/rules
                      echo 'hello-ick usr/bin' > debian/install
                  - action: deb
            """;

    /** The cached tree, made by the worker's own action: debootstrap (minutes; once per machine). */
    private static void makeCachedSystree() throws Exception {
        Path file = Files.writeString(workers.dir().resolve("systree.ick"), """
                projects:
                  - project: deb-it-systree
                    pipelines: [deb-it-systree]
                pipelines:
                  - pipeline: deb-it-systree
                    labels: [deb-it]
                    actions:
                      - action: debootstrap
                        packages: [build-essential, devscripts, equivs, debhelper]
                """);
        assertThat(icktool(60, "make-it-so", file.toString()).exitCode()).isZero();
        Icktool.Result made = icktool(1200, "build", "deb-it-systree", "--wait");
        assertThat(made.exitCode()).as("debootstrap from this machine's apt mirror: " + made.output()).isZero();
        Files.createDirectories(CACHE.getParent());
        run("mv", systrees.resolve("deb-it-systree").toString(), CACHE.toString()); // maybe another file system
    }

    private static long number(String output) {
        Matcher m = BUILD.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Long.parseLong(m.group(2));
    }

    private static void assertNoBlobs(String prefix) {
        assertThat(Api.admin().get("/api/v1/blobs?prefix=" + prefix).body()).doesNotContain(prefix);
    }

    private static String download(String blob, Path target) throws Exception {
        ClientConfig admin = new ClientConfig(URI.create(TestEnv.baseUrl()), null, "admin",
                workers.dir().resolve("admin.secret"), null);
        assertThat(new BlobClient(admin).get(blob, target, BlobClient.Progress.NONE)).as(blob).isPresent();
        return Files.readString(target, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static Icktool.Result icktool(int seconds, String... args) {
        return workers.icktool(seconds, args);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    private static boolean isCached() {
        return Files.isExecutable(CACHE.resolve("usr/bin/dpkg-buildpackage"));
    }

    /** Starts copying the cached tree into the worker's {@code .systrees/deb-it} (a reflink where the file system can). */
    private static Process plantCopy() throws IOException {
        Path target = systrees.resolve("deb-it");
        Files.createDirectories(systrees);
        return new ProcessBuilder("sh", "-c", "rm -rf \"$2\" && cp -a --reflink=auto \"$1\" \"$2\"", "sh",
                CACHE.toString(), target.toString()).redirectErrorStream(true).start();
    }
}

package ick.it.trusted;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.Zstd;
import ick.it.Api;
import ick.it.TestDatabase;
import ick.it.TestEnv;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trusted worker end to end, with real processes: a trusted worker daemon holding an SSH key, a PGP signing
 * key and the maintainers' keyring as secrets; an ordinary worker daemon; Debian's sshd serving a git
 * repository whose release tags are signed (or not); the controller's APT repository taking the upload. The
 * flow of ick.ick: fetch (trusted: git over SSH, archive) → build (ordinary: populate) → publish (trusted:
 * publish_debs). The test plays the ordinary worker that runs the build's {@code action: deb}: it stores the
 * .debs a deb action would make as that action's blobs and reports their SHA-256, which the controller pins for
 * publish_debs (DebIT shows the deb action itself). And the leak test: no key material in the database, the
 * API's answers, or the logs.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TrustedBuildIT {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String TRUSTED = "trusted-" + ID;
    private static final String ORDINARY = "ordinary-" + ID;
    /** The worker the test plays for action: deb, and the label only it has. */
    private static final String DEB_WORKER = "debs-" + ID;

    static TrustedFixtures fixtures;
    static TrustedFixtures.PgpKey maintainer;
    static TrustedFixtures.PgpKey signer;
    static Path deployKey;
    static String gitUrl;
    static Path trustedLog;
    static Path ordinaryLog;

    /** Every answer this class got from the API, for the leak test. */
    private static final StringBuilder ANSWERS = new StringBuilder();
    private final Api admin = Api.admin();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeAll
    static void start() throws Exception {
        fixtures = new TrustedFixtures("trusted-build-" + ID);
        maintainer = fixtures.pgpKey("maintainer");
        TrustedFixtures.PgpKey stranger = fixtures.pgpKey("stranger");
        signer = fixtures.pgpKey("signer");
        deployKey = fixtures.sshKey("deploy");
        Map<String, TrustedFixtures.PgpKey> releases = new LinkedHashMap<>();
        releases.put("0.3.0", maintainer);
        releases.put("0.4.0", null);
        releases.put("0.5.0", stranger);
        Path repo = fixtures.repository(releases);
        TrustedFixtures.Sshd sshd = fixtures.sshd(deployKey);
        gitUrl = sshd.url(repo);
        Path knownHosts = Files.writeString(fixtures.dir.resolve("known_hosts"), sshd.knownHostsLine());
        Path secrets = fixtures.secrets(Map.of("deploy", deployKey, "ick-release", signer.secretKey(),
                "ick-maintainers", maintainer.publicKey(), "known_hosts", knownHosts));
        TrustedFixtures.allowUploadsSignedBy(signer, "trusted-build-it-" + ID);
        trustedLog = fixtures.startWorker(TRUSTED, "@trusted", secrets);
        ordinaryLog = fixtures.startWorker(ORDINARY, "@worker", null);
        debWorker = Api.client(DEB_WORKER, "secret-of-" + DEB_WORKER, List.of("@worker"));
        assertThat(debWorker.post("/api/v1/workers", "{\"labels\": [\"" + DEB_WORKER + "\"]}").statusCode())
                .isEqualTo(200);
    }

    static Api debWorker;

    @AfterAll
    static void stop() throws Exception {
        if (fixtures != null) {
            fixtures.close();
        }
    }

    private HttpResponse<String> get(String path) {
        HttpResponse<String> r = admin.get(path);
        ANSWERS.append(r.body()).append('\n');
        return r;
    }

    /** The project of ick.ick, with this class's names: fetch (trusted), build, deb (played by the test), publish (trusted). */
    private String define(String project) {
        String file = """
                {"projects": [{"project": "%1$s",
                   "parameters": {"git_url": "%2$s", "git_ref": "main", "ssh_key": "deploy", "pgp_key": "ick-release",
                                  "release_keyring": "ick-maintainers", "apt_suite": "auto"},
                   "pipelines": ["fetch-%1$s", "build-%1$s", "debs-%1$s", "publish-%1$s"]}],
                 "pipelines": [
                   {"pipeline": "fetch-%1$s", "trusted": true,
                    "parameters": ["git_url", "git_ref", "ssh_key", "release_keyring"],
                    "actions": [{"action": "create_workspace"}, {"action": "git"},
                                {"archive": "workspace", "blob": "source/%1$s"}]},
                   {"pipeline": "build-%1$s", "needs": ["fetch-%1$s"], "workspace": "own",
                    "actions": [{"populate": "workspace", "blob": "source/%1$s"},
                                {"shell": "echo building version $(cat src/VERSION)"}]},
                   {"pipeline": "debs-%1$s", "needs": ["build-%1$s"], "workspace": "own", "labels": ["%3$s"],
                    "actions": [{"action": "deb"}]},
                   {"pipeline": "publish-%1$s", "needs": ["debs-%1$s"], "trusted": true, "workspace": "own",
                    "parameters": ["pgp_key", "apt_suite", "git_ref", "release_keyring"],
                    "actions": [{"action": "publish_debs"}]}]}""".formatted(project, gitUrl, DEB_WORKER);
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return project;
    }

    /**
     * Triggers a build (with {@code body}) and waits for its end, running its action: deb meanwhile as a worker
     * would: the files of {@code upload} stored as blobs {@code debs/PROJECT/NUMBER/*}, and their SHA-256 in the
     * result. Returns the build's path.
     */
    private String build(String project, String body, TrustedFixtures.Upload upload)
            throws java.io.IOException, InterruptedException {
        HttpResponse<String> r = admin.post("/api/v1/projects/" + project + "/builds", body);
        ANSWERS.append(r.body()).append('\n');
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        long number = Api.json(r).get("number").asLong();
        String build = "/api/v1/projects/" + project + "/builds/" + number;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!List.of("succeeded", "failed").contains(Api.json(admin.get(build)).get("state").asText())) {
            assertThat(System.nanoTime()).as("the end of " + build).isLessThan(deadline);
            if (!debActionIsReady(build)) { // before: the worker could be given an action of another pipeline
                Thread.sleep(100);
                continue;
            }
            HttpResponse<String> work = debWorker.get("/api/v1/work?wait=5");
            if (work.statusCode() == 200) {
                JsonNode item = Api.json(work);
                assertThat(item.get("build").asText()).isEqualTo(project + "/" + number);
                assertThat(item.get("step").get("action").asText()).isEqualTo("deb");
                String stored = TrustedFixtures.storeAsBuildResults(debWorker, upload, project, number);
                HttpResponse<String> done = debWorker.post("/api/v1/work/" + item.get("actionId").asLong()
                        + "/result", "{\"exitCode\": 0, \"stored\": " + stored + "}");
                assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
            }
        }
        return build;
    }

    private boolean debActionIsReady(String build) {
        for (JsonNode a : Api.json(admin.get(build + "/actions"))) {
            if (a.get("step").path("action").asText().equals("deb")) {
                return a.get("state").asText().equals("ready");
            }
        }
        return false;
    }

    private String log(String build) {
        return get(build + "/log").body();
    }

    /** index -> worker of each action, in graph order. */
    private List<String> workers(String build) {
        List<String> workers = new ArrayList<>();
        for (JsonNode a : Api.json(get(build + "/actions"))) {
            workers.add(a.path("worker").asText("-"));
        }
        return workers;
    }

    private List<String> packagesIn(String suite) {
        List<String> found = new ArrayList<>();
        for (JsonNode s : Api.json(get("/api/v1/apt")).get("suites")) {
            if (s.get("suite").asText().equals(suite)) {
                s.get("packages").forEach(p -> found.add(p.get("name").asText() + " " + p.get("version").asText()));
            }
        }
        return found;
    }

    @Test
    void aCiBuildFetchesOverSshSignsWithThePgpKeyPublishesToCiAndNoKeyLeaks() throws Exception {
        String project = define("ci-" + ID);
        String build = build(project, "", fixtures.debs("ci-" + ID, "0.3.0+ci1-1"));
        String log = log(build);
        assertThat(Api.json(get(build)).get("state").asText()).as(log).isEqualTo("succeeded");
        // node 0, fetch (create_workspace, git, archive), build (populate, shell), deb, publish
        assertThat(workers(build)).containsExactly(ORDINARY, TRUSTED, TRUSTED, TRUSTED, ORDINARY, ORDINARY, DEB_WORKER,
                TRUSTED);
        assertThat(log).contains("git: over SSH with the secret key \"deploy\"", "building version 0.5.0", // main is at the last release commit
                "with key " + signer.fingerprint() + " (pgp_key \"ick-release\")",
                "the APT repository took ci-" + ID + " 0.3.0+ci1-1 into suite ci");
        assertThat(packagesIn("ci")).contains("ci-" + ID + " 0.3.0+ci1-1");
        assertThat(packagesIn("release")).noneMatch(p -> p.startsWith("ci-" + ID));

        assertNoKeyMaterialAnywhere();
    }

    /**
     * The leak test: the SSH key and the PGP secret key, whole or any line of their base64 body, are in none
     * of the database's rows, the API's answers, the server's log, the workers' logs. Their names are.
     */
    private void assertNoKeyMaterialAnywhere() throws Exception {
        List<String> secrets = new ArrayList<>();
        for (Path key : List.of(deployKey, signer.secretKey())) {
            String text = Files.readString(key);
            secrets.add(text.strip());
            text.lines().filter(l -> l.length() >= 40 && !l.startsWith("-----")).forEach(secrets::add);
        }
        assertThat(secrets).hasSizeGreaterThan(4);
        String project = "ci-" + ID;
        for (String path : List.of("/api/v1/projects/" + project, "/api/v1/pipelines/fetch-" + project,
                "/api/v1/pipelines/publish-" + project, "/api/v1/projects/" + project + "/builds", "/api/v1/builds",
                "/api/v1/status", "/api/v1/workers", "/api/v1/clients", "/api/v1/blobs", "/api/v1/apt",
                "/api/v1/notifications")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
        }
        String database = databaseText();
        String serverLog = Files.readString(Path.of(System.getProperty("jboss.home"), "standalone/log/server.log"));
        Map<String, String> places = Map.of("the database", database, "the API's answers", ANSWERS.toString(),
                "the server log", serverLog, "the trusted worker's log", Files.readString(trustedLog),
                "the ordinary worker's log", Files.readString(ordinaryLog));
        // The places are the right ones: this build is in each of them, and so are the secrets' names.
        assertThat(database).contains("fetch-" + project, "\"ick-release\"", "\"deploy\"");
        assertThat(ANSWERS).contains("ick-release", "signed");
        assertThat(serverLog).contains(project);
        assertThat(Files.readString(trustedLog)).contains(project);
        for (Map.Entry<String, String> place : places.entrySet()) {
            for (String secret : secrets) {
                assertThat(place.getValue().contains(secret)).as("key material in " + place.getKey() + ": "
                        + secret.substring(0, Math.min(20, secret.length())) + "...").isFalse();
            }
        }
    }

    /** Every row of every table of the test database (schemas ick and public), as text. */
    private static String databaseText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection c = DriverManager.getConnection(TestDatabase.postgres().jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("select table_schema, table_name from information_schema.tables"
                    + " where table_schema in ('ick', 'public') and table_type = 'BASE TABLE'")) {
                while (r.next()) {
                    tables.add('"' + r.getString(1) + "\".\"" + r.getString(2) + '"');
                }
            }
            assertThat(tables).contains("\"ick\".\"build_action\"", "\"ick\".\"pipeline\"");
            for (String table : tables) {
                try (ResultSet r = s.executeQuery("select t::text from " + table + " t")) {
                    while (r.next()) {
                        text.append(r.getString(1)).append('\n');
                    }
                }
            }
            // since V21 a log chunk's text is bytes, zstd-compressed or not (ick.build.LogCodec): as text too
            try (ResultSet r = s.executeQuery("select codec, data, utf8_bytes from ick.log_chunk where data is not null")) {
                while (r.next()) {
                    byte[] data = r.getBytes(2);
                    byte[] utf8 = r.getString(1).equals("zstd") ? Zstd.decompress(data, r.getInt(3)) : data;
                    text.append(new String(utf8, StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        return text.toString();
    }

    @Test
    void aReleaseBuildOfATagSignedByAMaintainerGoesToTheReleaseSuite() throws Exception {
        String project = define("rel-" + ID);
        String build = build(project, "{\"parameters\": {\"git_ref\": \"refs/tags/release/0.3.0\"}}",
                fixtures.debs("rel-" + ID, "0.3.0-1"));
        String log = log(build);
        assertThat(Api.json(get(build)).get("state").asText()).as(log).isEqualTo("succeeded");
        assertThat(log).contains("git: tag release/0.3.0 is signed by key " + maintainer.fingerprint()
                        + " of release_keyring \"ick-maintainers\"",
                "suite release: tag release/0.3.0 is signed by key " + maintainer.fingerprint(),
                "the APT repository took rel-" + ID + " 0.3.0-1 into suite release");
        assertThat(packagesIn("release")).contains("rel-" + ID + " 0.3.0-1");
    }

    @Test
    void anUnsignedTagOrOneSignedByAStrangerFailsTheBuildAndPublishesNothing() throws Exception {
        String project = define("bad-" + ID);
        TrustedFixtures.Upload upload = fixtures.debs("bad-" + ID, "0.4.0-1");
        String unsigned = build(project, "{\"parameters\": {\"git_ref\": \"refs/tags/release/0.4.0\"}}", upload);
        assertThat(Api.json(get(unsigned)).get("state").asText()).isEqualTo("failed");
        assertThat(log(unsigned)).contains("git: tag release/0.4.0 is not signed, so it is not signed by a key in"
                + " release_keyring \"ick-maintainers\"");
        String strangers = build(project, "{\"parameters\": {\"git_ref\": \"refs/tags/release/0.5.0\"}}", upload);
        assertThat(log(strangers)).contains("git: tag release/0.5.0 is not signed by a key in release_keyring"
                + " \"ick-maintainers\": it is signed by key ");
        for (String build : List.of(unsigned, strangers)) {
            JsonNode actions = Api.json(get(build + "/actions"));
            assertThat(actions.get(actions.size() - 1).get("state").asText()).as("publish_debs").isEqualTo("skipped");
        }
        assertThat(packagesIn("release")).noneMatch(p -> p.startsWith("bad-" + ID));
        assertThat(packagesIn("ci")).noneMatch(p -> p.startsWith("bad-" + ID));
    }
}

package ick.it.apt;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestEnv;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The APT repository, end to end with Debian's tools: packages built with dpkg, .changes signed with gpg,
 * uploaded over the API, published by reprepro with indices signed by the repository key, fetched over HTTP
 * from {@code /apt/}, and installed with apt-get in a debootstrap chroot that trusts the key. Each refusal
 * (unsigned, another key, no scope, no token, bad names, too large, a version the suite has, unknown suite)
 * changes nothing. Package names carry this run's id: the repository outlives the test server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AptIT {
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final String TAR = "application/x-tar";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path dir;
    private static Path repository;
    private static TestDebs.Key uploader;
    private static TestDebs.Key stranger;
    private static Api uploads;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeAll
    static void keys() throws Exception {
        dir = Files.createDirectories(TestEnv.itDir().resolve("apt-it"));
        repository = TestEnv.itDir().resolve("data/apt"); // ick.apt.dir: ${ick.data-dir}/apt (arquillian.xml)
        uploader = TestDebs.Key.make(dir.resolve("keys/uploader"), "ick trusted worker <worker@ick.test>");
        stranger = TestDebs.Key.make(dir.resolve("keys/stranger"), "someone else <else@ick.test>");
        Path keyring = Files.createDirectories(repository.resolve("uploaders"));
        Files.writeString(keyring.resolve("apt-it.asc"), uploader.armoredPublicKey());
        uploads = Api.client("apt-uploader", "apt-uploader-secret", List.of("uapi_apt_uploads_post"));
    }

    @AfterAll
    static void stopAgents() throws Exception {
        if (uploader != null) {
            uploader.stopAgent();
            stranger.stopAgent();
        }
    }

    @Test
    void aSignedUploadIsPublishedInItsSuiteOnlyWithSignedIndices() throws Exception {
        TestDebs.Upload upload = signed(uploader, name("pub"), "1.0");
        HttpResponse<String> r = uploads.send("POST", "/api/v1/apt/ci/uploads", TAR, upload.tar());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = Api.json(r);
        assertThat(body.get("suite").asText()).isEqualTo("ci");
        assertThat(body.get("source").asText()).isEqualTo(upload.source());
        assertThat(body.get("version").asText()).isEqualTo("1.0");
        assertThat(body.get("files")).extracting(JsonNode::asText).containsExactlyElementsOf(upload.files());
        assertThat(r.headers().firstValue("Location")).hasValue(TestEnv.baseUrl() + "/apt/dists/ci/InRelease");

        assertThat(get("/apt/dists/ci/main/binary-amd64/Packages").body())
                .contains("Package: " + upload.source() + "\nVersion: 1.0\nArchitecture: all\n");
        assertThat(get("/apt/dists/release/main/binary-amd64/Packages").body()).doesNotContain(upload.source());
        assertThat(get("/apt/dists/ci/main/source/Sources.gz").statusCode()).isEqualTo(200);

        Path keyring = download("/apt/ick-archive-keyring.gpg", dir.resolve("archive-keyring.gpg"));
        Path inRelease = download("/apt/dists/ci/InRelease", dir.resolve("InRelease"));
        assertThat(TestDebs.run(null, dir, "gpgv", "--keyring", keyring.toString(), inRelease.toString()))
                .contains("Good signature");

        String deb = "/apt/pool/main/" + upload.source().charAt(0) + "/" + upload.source() + "/"
                + upload.source() + "_1.0_all.deb";
        byte[] local = Files.readAllBytes(upload.dir().resolve(upload.source() + "_1.0_all.deb"));
        HttpResponse<byte[]> served = HTTP.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + deb)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.body()).isEqualTo(local);
        HttpResponse<byte[]> part = HTTP.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + deb))
                .header("Range", "bytes=0-7").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(new String(part.body(), StandardCharsets.US_ASCII)).isEqualTo("!<arch>\n");

        JsonNode repo = Api.json(Api.admin().get("/api/v1/apt"));
        assertThat(repo.get("fingerprint").asText()).matches("[0-9A-F]{40}");
        assertThat(packages(repo, "ci")).contains(upload.source() + " 1.0 all", upload.source() + " 1.0 source");
        assertThat(packages(repo, "release")).noneMatch(p -> p.startsWith(upload.source() + " "));
    }

    @Test
    void aVersionTheSuiteHasOrAnOlderOneIsAConflict() throws Exception {
        String name = name("again");
        TestDebs.Upload two = signed(uploader, name, "2.0");
        assertThat(uploads.send("POST", "/api/v1/apt/ci/uploads", TAR, two.tar()).statusCode()).isEqualTo(201);

        HttpResponse<String> again = uploads.send("POST", "/api/v1/apt/ci/uploads", TAR, two.tar());
        assertProblem(again, 409, "ci already has " + name + " 2.0");
        HttpResponse<String> older = uploads.send("POST", "/api/v1/apt/ci/uploads", TAR,
                signed(uploader, name, "1.0").tar());
        assertProblem(older, 409, "newer than 1.0");
        assertThat(get("/apt/dists/ci/main/binary-amd64/Packages").body())
                .contains("Package: " + name + "\nVersion: 2.0\n").doesNotContain("Package: " + name + "\nVersion: 1.0");
        assertThat(uploads.send("POST", "/api/v1/apt/release/uploads", TAR, two.tar()).statusCode())
                .as("the same version in the other suite").isEqualTo(201);
    }

    @Test
    void ofTwoUploadsOfOneVersionAtOnceOneGoesInTheOtherConflicts() throws Exception {
        byte[] tar = signed(uploader, name("race"), "1.0").tar();
        List<CompletableFuture<Integer>> uploadsAtOnce = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            uploadsAtOnce.add(CompletableFuture.supplyAsync(
                    () -> uploads.send("POST", "/api/v1/apt/ci/uploads", TAR, tar).statusCode()));
        }
        assertThat(uploadsAtOnce.stream().map(CompletableFuture::join).toList()).containsExactlyInAnyOrder(201, 409);
    }

    @Test
    void anUnsignedChangesIsForbiddenAndNothingIsPublished() throws Exception {
        TestDebs.Upload upload = TestDebs.build(dir, name("unsigned"), "1.0");
        assertProblem(uploads.send("POST", "/api/v1/apt/ci/uploads", TAR, upload.tar()), 403,
                "is not signed by an uploader key");
        assertNotPublished(upload.source());
    }

    @Test
    void aChangesSignedByAnotherKeyIsForbidden() throws Exception {
        TestDebs.Upload upload = signed(stranger, name("stranger"), "1.0");
        assertProblem(uploads.send("POST", "/api/v1/apt/ci/uploads", TAR, upload.tar()), 403,
                "is not signed by an uploader key");
        assertNotPublished(upload.source());
    }

    @Test
    void uploadingNeedsTheScopeWhichEvenTheAdminDoesNotHold() throws Exception {
        byte[] tar = signed(uploader, name("scope"), "1.0").tar();
        Api reader = Api.client("apt-reader", "apt-reader-secret", List.of("uapi_apt_get"));
        assertProblem(reader.send("POST", "/api/v1/apt/ci/uploads", TAR, tar), 403, "uapi_apt_uploads_post");
        assertProblem(Api.admin().send("POST", "/api/v1/apt/ci/uploads", TAR, tar), 403, "uapi_apt_uploads_post");
        assertThat(Api.anonymous().send("POST", "/api/v1/apt/ci/uploads", TAR, tar).statusCode()).isEqualTo(401);
        assertThat(reader.get("/api/v1/apt").statusCode()).isEqualTo(200);
        assertThat(uploads.get("/api/v1/apt").statusCode()).isEqualTo(403);
        assertNotPublished(name("scope"));
    }

    @Test
    void namesThatLeaveTheUploadDirectoryAreRefused() throws Exception {
        TestDebs.Upload upload = signed(uploader, name("names"), "1.0");
        for (String bad : List.of("../" + upload.files().get(1), "/tmp/" + upload.files().get(1), "sub/x.deb")) {
            List<TestDebs.Entry> entries = new ArrayList<>();
            entries.add(new TestDebs.Entry(upload.files().get(0), Files.readAllBytes(upload.changes())));
            entries.add(new TestDebs.Entry(bad, "x".getBytes(StandardCharsets.UTF_8)));
            assertProblem(uploads.send("POST", "/api/v1/apt/ci/uploads", TAR, TestDebs.tar(entries)), 400,
                    "is not allowed");
        }
        assertProblem(uploads.send("POST", "/api/v1/apt/ci/uploads", TAR, "not a tar".repeat(100)
                .getBytes(StandardCharsets.UTF_8)), 400, "not a valid tar");
        assertThat(TestEnv.itDir().resolve("tmp")).doesNotExist();
        assertNoUploadLeftBehind();
        assertNotPublished(upload.source());
    }

    @Test
    void filesThatDoNotMatchTheChangesAreRefused() throws Exception {
        TestDebs.Upload upload = signed(uploader, name("match"), "1.0");
        List<TestDebs.Entry> tampered = new ArrayList<>();
        List<TestDebs.Entry> missing = new ArrayList<>();
        for (String file : upload.files()) {
            byte[] content = Files.readAllBytes(upload.dir().resolve(file));
            if (file.endsWith(".deb")) {
                content[content.length - 1] ^= 1;
            } else {
                missing.add(new TestDebs.Entry(file, content));
            }
            tampered.add(new TestDebs.Entry(file, content));
        }
        assertProblem(uploads.send("POST", "/api/v1/apt/ci/uploads", TAR, TestDebs.tar(tampered)), 400,
                "does not match its .changes");
        assertProblem(uploads.send("POST", "/api/v1/apt/ci/uploads", TAR, TestDebs.tar(missing)), 400,
                "does not match its .changes");
        assertNotPublished(upload.source());
    }

    @Test
    void anUnknownSuiteIsNotFound() throws Exception {
        assertProblem(uploads.send("POST", "/api/v1/apt/sid/uploads", TAR, signed(uploader, name("sid"), "1.0").tar()),
                404, "no suite \"sid\"");
    }

    @Test
    void aBodyOverTheLimitIsRefusedAtOnceOrWhileItArrives() throws Exception {
        // Content-Length over the default limit (2 GiB): refused before a byte of the body is read
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/apt/ci/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + uploads.token() + "\r\nContent-Type: " + TAR + "\r\nContent-Length: 3000000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1024]);
            out.flush();
            String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 413");
        }
        // A streamed (chunked) body passing a lower limit, set at run time as an operator would
        try (ModelControllerClient management = ModelControllerClient.Factory.create("remote+http",
                InetAddress.getLoopbackAddress(), port() - 8080 + 9990)) {
            management.execute(property("add", "ick.apt.max-upload-bytes", "65536"));
            try {
                byte[] tar = TestDebs.tar(List.of(new TestDebs.Entry(name("big") + "_1.0_amd64.changes",
                        new byte[200_000])));
                HttpResponse<String> r = Api.send(uploads.request("/api/v1/apt/ci/uploads")
                        .header("Content-Type", TAR)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tar))));
                assertProblem(r, 413, "larger than 65536 bytes");
            } finally {
                management.execute(property("remove", "ick.apt.max-upload-bytes", null));
            }
        }
        assertNoUploadLeftBehind();
    }

    @Test
    void theRepositoryKeyIsPublishedButItsSecretHalfIsNotReachable() throws Exception {
        HttpResponse<String> armored = get("/apt/ick-archive-keyring.asc");
        assertThat(armored.body()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----").doesNotContain("PRIVATE");
        Path binary = download("/apt/ick-archive-keyring.gpg", dir.resolve("key.gpg"));
        String fingerprint = Api.json(Api.admin().get("/api/v1/apt")).get("fingerprint").asText();
        assertThat(TestDebs.run(null, dir, "gpg", "--batch", "--with-colons", "--show-keys", binary.toString()))
                .contains("fpr:::::::::" + fingerprint + ":");

        assertThat(Files.getPosixFilePermissions(repository.resolve("gnupg")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        for (String path : List.of("/apt/gnupg/ick-made-key", "/apt/../gnupg/ick-made-key",
                "/apt/%2e%2e/gnupg/ick-made-key", "/apt/conf/distributions", "/apt/../conf/distributions")) {
            assertThat(rawStatus(path)).as(path).isIn(400, 403, 404);
        }
        assertThat(rawStatus("/apt/dists/")).as("no directory listings").isIn(403, 404);
        try (Stream<Path> files = Files.walk(repository.resolve("public"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain("PRIVATE KEY");
            }
        }
    }

    @Test
    void aPublishedPackageInstallsWithAptGetInADebootstrapChroot() throws Exception {
        TestDebs.Upload upload = signed(uploader, name("install"), "1.0");
        HttpResponse<String> r = uploads.send("POST", "/api/v1/apt/release/uploads", TAR, upload.tar());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

        DebianChroot chroot = DebianChroot.fresh(dir.resolve("chroot"));
        DebianChroot.Result installed = chroot.aptInstallFromIck("release", upload.source());
        assertThat(installed.exitCode()).as(installed.output()).isZero();
        assertThat(chroot.root().resolve("usr/share/" + upload.source() + "/hello.txt"))
                .hasContent("hello from " + upload.source() + " 1.0");
        assertThat(chroot.sh("dpkg-query -W -f '${Version}' " + upload.source()).output()).isEqualTo("1.0");
    }

    private static String name(String what) {
        return "apt-it-" + RUN + "-" + what;
    }

    private static TestDebs.Upload signed(TestDebs.Key key, String name, String version) throws Exception {
        TestDebs.Upload upload = TestDebs.build(dir, name, version);
        key.clearsign(upload.changes());
        return upload;
    }

    private static void assertProblem(HttpResponse<String> r, int status, String detail) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Api.json(r);
        String text = problem.get("detail").asText() + " " + problem.path("errors");
        assertThat(text).contains(detail);
    }

    private static void assertNotPublished(String source) throws Exception {
        for (String suite : List.of("ci", "release")) {
            assertThat(get("/apt/dists/" + suite + "/main/binary-amd64/Packages").body()).doesNotContain(source);
        }
        Path pool = repository.resolve("public/pool");
        if (Files.exists(pool)) { // made by the first upload
            try (Stream<Path> files = Files.walk(pool)) {
                assertThat(files.map(Path::toString)).noneMatch(p -> p.contains(source));
            }
        }
    }

    private static void assertNoUploadLeftBehind() throws IOException {
        try (Stream<Path> incoming = Files.list(repository.resolve("incoming"))) {
            assertThat(incoming.toList()).isEmpty();
        }
    }

    private static List<String> packages(JsonNode repo, String suite) {
        List<String> found = new ArrayList<>();
        for (JsonNode s : repo.get("suites")) {
            if (s.get("suite").asText().equals(suite)) {
                s.get("packages").forEach(p -> found.add(p.get("name").asText() + " " + p.get("version").asText()
                        + " " + p.get("architecture").asText()));
            }
        }
        return found;
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r;
    }

    private static Path download(String path, Path target) throws IOException, InterruptedException {
        HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofFile(target));
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return target;
    }

    /** The status of a GET sent byte for byte as written (no client-side normalization of "..", "%2e"). */
    private static int rawStatus(String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static int port() {
        return Integer.parseInt(System.getProperty("ick.it.http.port", "8180"));
    }

    private static ModelNode property(String operation, String name, String value) {
        ModelNode op = new ModelNode();
        op.get("operation").set(operation);
        op.get("address").add("system-property", name);
        if (value != null) {
            op.get("value").set(value);
        }
        return op;
    }
}

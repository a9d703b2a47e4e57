package ick.it.blob;

import com.fasterxml.jackson.databind.JsonNode;
import ick.client.http.BlobClient;
import ick.client.http.ClientConfig;
import ick.client.http.HttpBuffers;
import ick.it.Api;
import ick.it.Icktool;
import ick.it.TestEnv;
import ick.protocol.BlobInfo;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The artifact store over HTTP: streamed PUT and GET, digests, ranges, resumable uploads (through a proxy
 * that breaks the connection half-way), resumed downloads (the same, the other way), names, scopes, retention,
 * and icktool's blob commands.
 * The big transfer here is 1 GiB each way (the 5 GiB case is in bench/blobs, with the server's heap capped).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BlobIT {
    static {
        HttpBuffers.enlarge(); // as the worker's and icktool's main do, if this JVM's HTTP client is not in use yet
    }

    private static final long BIG = 1L << 30;
    private static Path dir;
    private static Icktool tool;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createDirectories(TestEnv.itDir().resolve("blob-it"));
        tool = Icktool.asAdmin(dir); // with the admin's secret, which the clients below read too
    }

    @Test
    void aBlobIsStoredWithItsDigestAndReadBackWhole() {
        Api admin = Api.admin();
        HttpResponse<String> put = put(admin, "/api/v1/blobs/it/hello.txt", "hello, blob", null, null);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.headers().firstValue("Location")).hasValueSatisfying(l -> l.endsWith("/api/v1/blobs/it/hello.txt"));
        assertThat(put.headers().firstValue("Digest")).contains("sha-256=" + b64(sha("hello, blob")));
        assertThat(put.headers().firstValue("ETag")).contains("\"" + sha("hello, blob") + "\"");
        assertThat(Api.json(put).get("size").asLong()).isEqualTo(11);

        HttpResponse<String> get = admin.get("/api/v1/blobs/it/hello.txt");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello, blob");
        assertThat(get.headers().firstValue("Digest")).contains("sha-256=" + b64(sha("hello, blob")));
        assertThat(get.headers().firstValue("Accept-Ranges")).contains("bytes");

        HttpResponse<String> head = Api.send(admin.request("/api/v1/blobs/it/hello.txt")
                .method("HEAD", BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("ETag")).contains("\"" + sha("hello, blob") + "\"");

        assertThat(put(admin, "/api/v1/blobs/it/hello.txt", "hello again", null, null).statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/v1/blobs/it/hello.txt").body()).isEqualTo("hello again");
        assertThat(admin.get("/api/v1/blobs/it/none").statusCode()).isEqualTo(404);
    }

    @Test
    void aDigestMismatchIsRejectedAndNothingIsKept() {
        Api admin = Api.admin();
        assertThat(put(admin, "/api/v1/blobs/it/checked", "the good one", null, null).statusCode()).isEqualTo(201);
        HttpResponse<String> bad = put(admin, "/api/v1/blobs/it/checked", "a damaged one",
                "sha-256=" + b64(sha("the good one")), null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> t.startsWith("application/problem+json"));
        assertThat(Api.json(bad).get("detail").asText()).contains("nothing was kept");
        assertThat(admin.get("/api/v1/blobs/it/checked").body()).isEqualTo("the good one");
        assertThat(Api.json(admin.get("/api/v1/uploads/it/checked")).get("offset").asLong()).isZero();

        assertThat(put(admin, "/api/v1/blobs/it/never", "x", "sha-256=" + b64(sha("y")), null).statusCode()).isEqualTo(400);
        assertThat(admin.get("/api/v1/blobs/it/never").statusCode()).isEqualTo(404);
        assertThat(put(admin, "/api/v1/blobs/it/never", "x", "sha-256=notbase64!", null).statusCode()).isEqualTo(400);
        assertThat(put(admin, "/api/v1/blobs/it/good", "x", "sha-256=" + b64(sha("x")), null).statusCode()).isEqualTo(201);
    }

    @Test
    void getHonoursRange() {
        Api admin = Api.admin();
        put(admin, "/api/v1/blobs/it/digits", "0123456789", null, null);
        HttpResponse<String> part = Api.send(admin.request("/api/v1/blobs/it/digits").header("Range", "bytes=2-4").GET());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("234");
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 2-4/10");
        HttpResponse<String> tail = Api.send(admin.request("/api/v1/blobs/it/digits").header("Range", "bytes=-3").GET());
        assertThat(tail.body()).isEqualTo("789");
        HttpResponse<String> from = Api.send(admin.request("/api/v1/blobs/it/digits").header("Range", "bytes=7-").GET());
        assertThat(from.body()).isEqualTo("789");
        HttpResponse<String> past = Api.send(admin.request("/api/v1/blobs/it/digits").header("Range", "bytes=10-").GET());
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).contains("bytes */10");
        HttpResponse<String> stale = Api.send(admin.request("/api/v1/blobs/it/digits").header("Range", "bytes=2-4")
                .header("If-Range", "\"" + sha("other") + "\"").GET());
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo("0123456789");
    }

    @Test
    void contentRangePartsResumeAnUploadAndAPartialIsNeverVisible() {
        Api admin = Api.admin();
        HttpResponse<String> first = put(admin, "/api/v1/blobs/it/parts", "01234", null, "bytes 0-4/10");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Ick-Upload-Offset")).contains("5");
        assertThat(admin.get("/api/v1/blobs/it/parts").statusCode()).isEqualTo(404);
        assertThat(Api.json(admin.get("/api/v1/uploads/it/parts")).get("offset").asLong()).isEqualTo(5);

        HttpResponse<String> wrong = put(admin, "/api/v1/blobs/it/parts", "3456789", null, "bytes 3-9/10");
        assertThat(wrong.statusCode()).isEqualTo(409);
        assertThat(wrong.headers().firstValue("Ick-Upload-Offset")).contains("5");
        assertThat(put(admin, "/api/v1/blobs/it/parts", "5678", null, "bytes 5-9/10").statusCode())
                .isEqualTo(202); // short part: held, not complete
        assertThat(put(admin, "/api/v1/blobs/it/parts", "9", "sha-256=" + b64(sha("0123456789")), "bytes 9-9/10")
                .statusCode()).isEqualTo(201);
        assertThat(admin.get("/api/v1/blobs/it/parts").body()).isEqualTo("0123456789");
        assertThat(Api.json(admin.get("/api/v1/uploads/it/parts")).get("offset").asLong()).isZero();

        assertThat(put(admin, "/api/v1/blobs/it/parts", "x", null, "bytes 5-1/10").statusCode()).isEqualTo(400);
        assertThat(put(admin, "/api/v1/blobs/it/long", "0123", null, "bytes 0-2/3").statusCode()).isEqualTo(400);
        assertThat(admin.get("/api/v1/blobs/it/long").statusCode()).isEqualTo(404);
    }

    @Test
    void badNamesAreRefusedWith400() {
        Api admin = Api.admin();
        for (String path : List.of("a%01b", "a//b", ".hidden", "a/.hidden", "a%20b", "%2E%2E/etc", "a/%2E%2E/b",
                "a/%2E%2E", "x".repeat(101))) {
            HttpResponse<String> r = put(admin, "/api/v1/blobs/" + path, "x", null, null);
            assertThat(r.statusCode()).as("PUT " + path).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(path)
                    .hasValueSatisfying(t -> t.startsWith("application/problem+json"));
            assertThat(admin.get("/api/v1/blobs/" + path).statusCode()).as("GET " + path).isEqualTo(400);
        }
        assertThat(admin.get("/api/v1/blobs?prefix=").body()).doesNotContain("hidden").doesNotContain("etc");
    }

    @Test
    void scopesDecideWhoReadsWritesListsAndDeletes() {
        Api admin = Api.admin();
        put(admin, "/api/v1/blobs/it/scoped", "secret sauce", null, null);
        assertThat(Api.anonymous().get("/api/v1/blobs/it/scoped").statusCode()).isEqualTo(401);
        assertThat(put(Api.anonymous(), "/api/v1/blobs/it/scoped", "x", null, null).statusCode()).isEqualTo(401);

        Api reader = Api.client("blob-reader", "reader-secret-12345", List.of("uapi_blobs_get"));
        assertThat(reader.get("/api/v1/blobs/it/scoped").body()).isEqualTo("secret sauce");
        assertThat(put(reader, "/api/v1/blobs/it/scoped", "x", null, null).statusCode()).isEqualTo(403);
        assertThat(reader.get("/api/v1/blobs").statusCode()).isEqualTo(403);
        assertThat(reader.delete("/api/v1/blobs/it/scoped").statusCode()).isEqualTo(403);
        assertThat(reader.post("/api/v1/blob-retention", "").statusCode()).isEqualTo(403);

        Api writer = Api.client("blob-writer", "writer-secret-12345", List.of("uapi_blobs_put"));
        assertThat(writer.get("/api/v1/blobs/it/scoped").statusCode()).isEqualTo(403);
        assertThat(put(writer, "/api/v1/blobs/it/scoped", "new sauce", null, null).statusCode()).isEqualTo(200);
        assertThat(writer.delete("/api/v1/blobs/it/scoped").statusCode()).isEqualTo(403);

        assertThat(admin.get("/api/v1/blobs?prefix=it/").body()).contains("it/scoped");
        assertThat(admin.delete("/api/v1/blobs/it/scoped").statusCode()).isEqualTo(204);
        assertThat(admin.get("/api/v1/blobs/it/scoped").statusCode()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/blobs/it/scoped").statusCode()).isEqualTo(404);
    }

    @Test
    void releaseTagBlobsAreWrittenOnlyByATrustedWorker() {
        String name = "release-tag/blob-it/" + System.currentTimeMillis(); // the store outlives the test server
        Api admin = Api.admin();
        Api worker = Api.client("blob-worker", "worker-secret-12345", List.of("@worker"));
        for (Api untrusted : List.of(admin, worker)) {
            HttpResponse<String> refused = put(untrusted, "/api/v1/blobs/" + name, "a forged tag", null, null);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(Api.json(refused).get("detail").asText()).isEqualTo("blob " + name + " is under release-tag/,"
                    + " which only a trusted worker (a client with scope trusted) writes: it is the evidence of a"
                    + " verified release tag");
            assertThat(put(untrusted, "/api/v1/blobs/" + name, "a forged", null, "bytes 0-7/12").statusCode())
                    .isEqualTo(403);
            assertThat(untrusted.delete("/api/v1/uploads/" + name).statusCode()).isEqualTo(403);
        }
        assertThat(admin.get("/api/v1/blobs/" + name).statusCode()).isEqualTo(404);

        Api trusted = Api.client("blob-trusted", "trusted-secret-12345", List.of("@trusted"));
        assertThat(put(trusted, "/api/v1/blobs/" + name, "a verified tag", null, null).statusCode()).isEqualTo(201);
        assertThat(admin.get("/api/v1/blobs/" + name).body()).isEqualTo("a verified tag");
        assertThat(put(worker, "/api/v1/blobs/" + name, "a forged tag", null, null).statusCode()).isEqualTo(403);
        assertThat(admin.get("/api/v1/blobs/" + name).body()).isEqualTo("a verified tag");
        assertThat(put(worker, "/api/v1/blobs/it/" + name, "elsewhere", null, null).statusCode()).isIn(200, 201);
    }

    @Test
    void retentionDeletesOldUnreferencedBlobsAndSaysWhatItFreed() {
        Api admin = Api.admin();
        HttpResponse<String> made = admin.post("/api/v1/make-it-so", """
                {"projects": [{"project": "kept", "pipelines": ["noop-kept"]}],
                 "pipelines": [{"pipeline": "noop-kept", "actions": [{"shell": "true"}]}]}""");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        put(admin, "/api/v1/blobs/workspace/kept", "the workspace of a project", null, null);
        put(admin, "/api/v1/blobs/gc/orphan", "nobody needs these 27 bytes", null, null);

        JsonNode young = Api.json(admin.post("/api/v1/blob-retention", ""));
        assertThat(young.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(young.get("deleted").toString()).doesNotContain("gc/orphan");

        HttpResponse<String> run = admin.post("/api/v1/blob-retention?max-age-seconds=0", "");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        JsonNode report = Api.json(run);
        assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.get("deleted").toString()).contains("gc/orphan").doesNotContain("workspace/kept");
        assertThat(report.get("freedBytes").asLong()).isGreaterThanOrEqualTo(27);
        assertThat(admin.get("/api/v1/blobs/gc/orphan").statusCode()).isEqualTo(404);
        assertThat(admin.get("/api/v1/blobs/workspace/kept").statusCode()).isEqualTo(200);
        assertThat(admin.post("/api/v1/blob-retention?max-age-seconds=-1", "").statusCode()).isEqualTo(400);
    }

    @Test
    void aBigUploadAndDownloadCutHalfWayResumeThroughTheClientWithFlatServerMemory() throws Exception {
        Path file = dir.resolve("big.bin");
        String sha = writeRandom(file, BIG);
        long rssBefore = serverRssKb();
        try (DroppingProxy proxy = new DroppingProxy(Integer.parseInt(System.getProperty("ick.it.http.port")), BIG / 2)) {
            ClientConfig config = new ClientConfig(URI.create("http://127.0.0.1:" + proxy.port()),
                    URI.create(TestEnv.baseUrl() + "/token"), "admin", dir.resolve("admin.secret"), null);
            long start = System.nanoTime();
            BlobInfo stored = new BlobClient(config).put("it/big", file, null, BlobClient.Progress.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(proxy.hasCut()).as("the proxy broke the upload").isTrue();
            assertThat(proxy.connections()).isGreaterThanOrEqualTo(2);
            assertThat(stored.sha256()).isEqualTo(sha);
            assertThat(stored.size()).isEqualTo(BIG);
            System.out.printf("BlobIT: %d MiB uploaded through a broken connection in %.1f s%n", BIG >> 20, seconds);
        }
        long rssAfterUpload = serverRssKb();

        Path back = dir.resolve("big.back");
        try (DroppingProxy proxy = new DroppingProxy(Integer.parseInt(System.getProperty("ick.it.http.port")), BIG / 2,
                false)) {
            ClientConfig config = new ClientConfig(URI.create("http://127.0.0.1:" + proxy.port()),
                    URI.create(TestEnv.baseUrl() + "/token"), "admin", dir.resolve("admin.secret"), null);
            long start = System.nanoTime();
            Optional<BlobInfo> got = new BlobClient(config).get("it/big", back, BlobClient.Progress.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(proxy.hasCut()).as("the proxy broke the download").isTrue();
            assertThat(proxy.connections()).isGreaterThanOrEqualTo(2);
            assertThat(got).get().extracting(BlobInfo::sha256).isEqualTo(sha);
            assertThat(BlobClient.sha256(back)).isEqualTo(sha);
            assertThat(Files.size(back)).isEqualTo(BIG);
            System.out.printf("BlobIT: %d MiB downloaded through a broken connection in %.1f s%n", BIG >> 20, seconds);
        }
        long rssAfterDownload = serverRssKb();
        System.out.printf("BlobIT: server RSS %d MB before, %d MB after the upload, %d MB after the download%n",
                rssBefore / 1024, rssAfterUpload / 1024, rssAfterDownload / 1024);
        // a server that held the blob in memory would grow by at least its 1 GiB
        assertThat(rssAfterUpload - rssBefore).isLessThan(150 * 1024);
        assertThat(rssAfterDownload - rssBefore).isLessThan(150 * 1024);
        Files.delete(back);
        Files.delete(file);
        assertThat(Api.admin().delete("/api/v1/blobs/it/big").statusCode()).isEqualTo(204);
    }

    @Test
    void icktoolPutsListsGetsAndRemovesBlobs() throws Exception {
        Path file = Files.writeString(dir.resolve("tool.txt"), "from icktool\n");
        assertThat(tool.ok("blob", "put", "it/tool", file.toString())).contains("stored it/tool: 13 bytes");
        assertThat(tool.ok("blob", "ls", "it/")).contains("it/tool").contains(sha("from icktool\n"));
        Path back = dir.resolve("tool.back");
        assertThat(tool.ok("blob", "get", "it/tool", back.toString())).contains("wrote");
        assertThat(Files.readString(back)).isEqualTo("from icktool\n");
        assertThat(tool.ok("blob", "rm", "it/tool")).contains("deleted it/tool");
        assertThat(tool.ok("blob", "gc", "--max-age-seconds", "86400")).contains("blob-retention run");
    }

    @Test
    void icktoolPutsWithAKnownDigestAndAWrongOneKeepsNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("known.txt"), "digest known\n");
        String sha = sha("digest known\n");
        assertThat(tool.ok("blob", "put", "--sha256", sha.toUpperCase(), "it/known", file.toString()))
                .contains("stored it/known: 13 bytes, sha256 " + sha);

        Icktool.Result wrong = tool.run(60, "blob", "put", "--sha256", sha("something else"), "it/wrong",
                file.toString());
        assertThat(wrong.exitCode()).as(wrong.output()).isNotZero();
        assertThat(wrong.output()).contains("has SHA-256 " + sha).contains("nothing was kept");
        assertThat(tool.ok("blob", "ls", "it/")).contains("it/known").doesNotContain("it/wrong");

        Icktool.Result malformed = tool.run(60, "blob", "put", "--sha256", "xyz", "it/bad", file.toString());
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.output()).contains("--sha256 takes 64 hexadecimal digits");
        assertThat(tool.ok("blob", "rm", "it/known")).contains("deleted it/known");
    }

    private static HttpResponse<String> put(Api api, String path, String body, String digest, String contentRange) {
        var request = api.request(path).header("Content-Type", "application/octet-stream");
        if (digest != null) {
            request.header("Digest", digest);
        }
        if (contentRange != null) {
            request.header("Content-Range", contentRange);
        }
        return Api.send(request.PUT(BodyPublishers.ofString(body)));
    }

    /** Incompressible bytes, and their SHA-256. */
    static String writeRandom(Path file, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                sha.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The resident memory of the WildFly of this run, from /proc. */
    static long serverRssKb() throws IOException {
        int offset = Integer.parseInt(System.getProperty("ick.it.http.port")) - 8080;
        long pid = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("jboss-modules.jar")
                        && c.contains("port-offset=" + offset + " ")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no WildFly with port offset " + offset)).pid();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static String sha(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}

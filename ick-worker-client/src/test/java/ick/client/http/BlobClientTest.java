package ick.client.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import ick.protocol.BlobInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BlobClient's streaming over real HTTP against a small server whose blob routes each test scripts: bytes sent
 * from an offset, bytes received into the part file, the SHA-256 checked, and resumes after breaks.
 */
class BlobClientTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private volatile Route route;

    @FunctionalInterface
    interface Route {
        void handle(HttpExchange exchange, int call) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", x -> {
            x.getRequestBody().readAllBytes();
            reply(x, 200, "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"\","
                    + "\"refresh_expires_in\":0}");
        });
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/api/v1/", x -> {
            requests.add(x.getRequestMethod() + " " + x.getRequestURI().getPath()
                    + header(x, "Content-Range") + header(x, "Range") + header(x, "If-Range"));
            bodies.add(x.getRequestBody().readAllBytes());
            route.handle(x, calls.incrementAndGet());
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private BlobClient client() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret"), "s\n");
        return new BlobClient(new ClientConfig(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null,
                "c", secret, null), 3, Duration.ofMillis(10));
    }

    private static String header(HttpExchange x, String name) {
        String value = x.getRequestHeaders().getFirst(name);
        return value == null ? "" : " " + name + ": " + value;
    }

    private static void reply(HttpExchange x, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String info(byte[] content) throws Exception {
        return "{\"name\":\"b\",\"size\":" + content.length + ",\"sha256\":\"" + sha256(content)
                + "\",\"modified\":\"2026-01-01T00:00:00Z\"}";
    }

    private byte[] content(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return content;
    }

    @Test
    void anUploadThatBrokeOffSendsTheRestFromTheOffsetTheControllerHolds() throws Exception {
        byte[] content = content(3_000_000); // several buffers
        Path file = Files.write(dir.resolve("f"), content);
        route = (x, call) -> {
            if (x.getRequestURI().getPath().startsWith("/api/v1/uploads/")) {
                reply(x, 200, "{\"name\":\"b\",\"offset\":300000}");
            } else if (call == 1) {
                reply(x, 503, "{\"type\":\"about:blank\",\"title\":\"restarting\",\"status\":503}");
            } else {
                try {
                    reply(x, 200, info(content));
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        };
        List<Long> progress = new ArrayList<>();
        BlobInfo stored = client().put("b", file, null, (done, total) -> progress.add(done));

        assertThat(stored.sha256()).isEqualTo(sha256(content));
        assertThat(requests).containsExactly(
                "PUT /api/v1/blobs/b Content-Range: bytes 0-2999999/3000000",
                "GET /api/v1/uploads/b",
                "PUT /api/v1/blobs/b Content-Range: bytes 300000-2999999/3000000");
        assertThat(bodies.get(0)).isEqualTo(content);
        assertThat(bodies.get(2)).isEqualTo(Arrays.copyOfRange(content, 300_000, 3_000_000));
        assertThat(progress).contains(300_000L + StreamingHttp.BUFFER).contains(3_000_000L);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(3_000_000L);
    }

    @Test
    void anUploadSentAgainAfterA401SendsTheWholeFileAgain() throws Exception {
        byte[] content = content(700_000);
        Path file = Files.write(dir.resolve("f"), content);
        route = (x, call) -> {
            if (call == 1) {
                reply(x, 401, "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401}");
            } else {
                try {
                    reply(x, 201, info(content));
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        };
        assertThat(client().put("b", file, null, BlobClient.Progress.NONE).sha256()).isEqualTo(sha256(content));
        assertThat(requests).hasSize(2);
        // the body is read from the file again, not from a stream the first try used up
        assertThat(bodies.get(1)).isEqualTo(content);
    }

    @Test
    void aDownloadThatBrokeOffAsksForTheRestAndChecksTheWhole() throws Exception {
        byte[] content = content(1_000_000);
        String etag = "\"" + sha256(content) + "\"";
        String digest = "sha-256=" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256(content)));
        route = (x, call) -> {
            x.getResponseHeaders().add("ETag", etag);
            x.getResponseHeaders().add("Digest", digest);
            if (call == 1) { // announces all, sends 400000 bytes, hangs up
                x.sendResponseHeaders(200, content.length);
                x.getResponseBody().write(content, 0, 400_000);
                x.getResponseBody().flush();
                x.close();
                return;
            }
            int from = Integer.parseInt(x.getRequestHeaders().getFirst("Range").replaceAll("\\D", ""));
            x.getResponseHeaders().add("Content-Range", "bytes " + from + "-999999/1000000");
            x.sendResponseHeaders(206, content.length - from);
            try (OutputStream out = x.getResponseBody()) {
                out.write(content, from, content.length - from);
            }
        };
        Path target = dir.resolve("back");
        List<Long> progress = new ArrayList<>();
        Optional<BlobInfo> got = client().get("b", target, (done, total) -> progress.add(done));

        assertThat(got).get().extracting(BlobInfo::sha256).isEqualTo(sha256(content));
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(dir.resolve("back.part")).doesNotExist();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).startsWith("GET /api/v1/blobs/b Range: bytes=")
                .endsWith("If-Range: " + etag);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(1_000_000L);
    }

    @Test
    void aDamagedDownloadIsRefusedAndLeavesNoFile() throws Exception {
        byte[] content = content(100_000);
        route = (x, call) -> {
            x.getResponseHeaders().add("ETag", "\"" + "0".repeat(64) + "\"");
            x.sendResponseHeaders(200, content.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(content);
            }
        };
        Path target = dir.resolve("back");
        assertThatThrownBy(() -> client().get("b", target, BlobClient.Progress.NONE))
                .isInstanceOf(ProblemException.class).hasMessageContaining("damaged");
        assertThat(target).doesNotExist();
        assertThat(dir.resolve("back.part")).doesNotExist();
    }

    @Test
    void aMissingBlobIsEmptyAndARefusalIsTheControllersProblem() throws Exception {
        route = (x, call) -> {
            if (call == 1) {
                reply(x, 404, "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no blob b\"}");
            } else {
                reply(x, 403, "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"not yours\"}");
            }
        };
        Path target = dir.resolve("back");
        assertThat(client().get("b", target, BlobClient.Progress.NONE)).isEmpty();
        assertThatThrownBy(() -> client().get("b", target, BlobClient.Progress.NONE))
                .isInstanceOf(ProblemException.class).hasMessageContaining("not yours");
        assertThat(dir.resolve("back.part")).doesNotExist();
    }
}

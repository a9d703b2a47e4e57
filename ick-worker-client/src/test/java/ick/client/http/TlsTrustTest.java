package ick.client.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import ick.protocol.VersionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A controller with a certificate of its own (made by keytool): trusted only through ca-file. */
class TlsTrustTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    static Path keystore;
    static Path caFile;
    HttpsServer server;

    /** Made once: keytool takes a second. */
    @BeforeAll
    static void makeCertificate() throws Exception {
        keystore = keys.resolve("server.p12");
        caFile = keys.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "ick", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "ick", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caFile.toString());
    }

    @BeforeEach
    void start() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/api/v1/version", exchange -> {
            byte[] body = "{\"name\":\"ick\",\"version\":\"tls\",\"apiUrl\":\"a\",\"tokenUrl\":\"t\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            reply(exchange, 200, "application/json", ("{\"access_token\":\"t\",\"token_type\":\"Bearer\","
                    + "\"expires_in\":3600,\"scope\":\"\",\"refresh_expires_in\":0}").getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/api/v1/blobs/", exchange -> {
            if (exchange.getRequestMethod().equals("PUT")) {
                stored = exchange.getRequestBody().readAllBytes();
                reply(exchange, 201, "application/json", ("{\"name\":\"b\",\"size\":" + stored.length
                        + ",\"sha256\":\"" + sha256(stored) + "\",\"modified\":\"2026-01-01T00:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                exchange.getResponseHeaders().add("ETag", "\"" + sha256(stored) + "\"");
                reply(exchange, 200, "application/octet-stream", stored);
            }
        });
        server.start();
    }

    private volatile byte[] stored;

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String type, byte[] body)
            throws java.io.IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String sha256(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(ick.protocol.HashingCopy.sha256().digest(bytes));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void certificateOfTheCaFileIsTrusted() throws Exception {
        ApiClient api = new ApiClient(new ClientConfig(url(), null, null, null, caFile));

        assertThat(api.getPublic("/version", VersionInfo.class).version()).isEqualTo("tls");
    }

    @Test
    void blobsGoUpAndDownOverTlsTrustedThroughTheCaFile() throws Exception {
        byte[] content = new byte[3_000_000];
        new java.util.Random(3).nextBytes(content);
        Path file = Files.write(dir.resolve("blob"), content);
        Path secret = Files.writeString(dir.resolve("secret"), "s\n");
        BlobClient blobs = new BlobClient(new ClientConfig(url(), null, "c", secret, caFile));

        assertThat(blobs.put("b", file, null, BlobClient.Progress.NONE).sha256()).isEqualTo(sha256(content));
        assertThat(blobs.get("b", dir.resolve("back"), BlobClient.Progress.NONE)).isPresent();
        assertThat(Files.readAllBytes(dir.resolve("back"))).isEqualTo(content);
    }

    @Test
    void unknownCertificateIsRefusedWithoutCaFile() {
        ApiClient api = new ApiClient(ClientConfig.anonymous(url()));

        assertThatThrownBy(() -> api.getPublic("/version", VersionInfo.class))
                .isInstanceOf(UnreachableException.class).hasMessageContaining("TLS failed");
    }

    @Test
    void caFileWithoutCertificatesIsAConfigurationError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");

        assertThatThrownBy(() -> new ApiClient(new ClientConfig(url(), null, null, null, empty)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("empty.pem");
    }

    private URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void keytool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}

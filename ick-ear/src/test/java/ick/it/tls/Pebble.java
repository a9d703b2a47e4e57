package ick.it.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's {@code pebble} (Let's Encrypt's ACME test server) on loopback, started by the test. Pebble ships no
 * certificate for its own HTTPS listener, so one is made here with the JDK's keytool ({@link #listenerCertPem()});
 * pebble's CA (a new one at each start) is fetched from its management port ({@link #rootPem()}). Nothing is
 * trusted outside the test. Its validation authority fetches HTTP-01 challenges from {@code httpPort}.
 */
final class Pebble implements AutoCloseable {
    private final Path dir;
    private final int acmePort;
    private final int managementPort;
    private final Process process;

    private Pebble(Path dir, int acmePort, int managementPort, Process process) {
        this.dir = dir;
        this.acmePort = acmePort;
        this.managementPort = managementPort;
        this.process = process;
    }

    /** Starts pebble; its VA validates HTTP-01 challenges on {@code httpPort}. */
    static Pebble start(Path dir, int acmePort, int managementPort, int httpPort) throws Exception {
        Files.createDirectories(dir);
        if (!Files.exists(dir.resolve("cert.pem"))) {
            makeListenerCertificate(dir);
        }
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {
                  "listenAddress": "127.0.0.1:%d",
                  "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s",
                  "privateKey": "%s",
                  "httpPort": %d,
                  "tlsPort": %d,
                  "ocspResponderURL": "",
                  "externalAccountBindingRequired": false
                }}
                """.formatted(acmePort, managementPort, dir.resolve("cert.pem"), dir.resolve("key.pem"), httpPort,
                freePort()));
        ProcessBuilder pb = new ProcessBuilder("pebble", "-config", dir.resolve("pebble.json").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pebble.log").toFile()));
        pb.environment().put("PEBBLE_VA_NOSLEEP", "1");       // validate at once
        pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");  // no random badNonce errors
        pb.environment().put("PEBBLE_AUTHZREUSE", "0");       // every order validates again
        Process process = pb.start();
        Pebble pebble = new Pebble(dir, acmePort, managementPort, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!listening(acmePort) || !listening(managementPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                pebble.close();
                throw new IllegalStateException("pebble did not start; see " + dir.resolve("pebble.log"));
            }
            Thread.sleep(100);
        }
        return pebble;
    }

    String directoryUrl() {
        return "https://127.0.0.1:" + acmePort + "/dir";
    }

    Path listenerCertPem() {
        return dir.resolve("cert.pem");
    }

    /** The root of the chains this pebble issues (PEM), from its management interface. */
    String rootPem() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(listenerCertPem())) {
            trust.setCertificateEntry("pebble-listener", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(ssl).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + managementPort + "/roots/0")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("pebble roots/0: " + r.statusCode());
        }
        return r.body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** A port nothing listens on (bound and released at once). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A self-signed certificate for 127.0.0.1 (as PEM files cert.pem and key.pem), made by keytool. */
    private static void makeListenerCertificate(Path dir) throws Exception {
        Path p12 = dir.resolve("listener.p12");
        Files.deleteIfExists(p12);
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "pebble", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=pebble test listener", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "pebble-test")
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool: " + out);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, "pebble-test".toCharArray());
        }
        X509Certificate cert = (X509Certificate) store.getCertificate("pebble");
        byte[] key = store.getKey("pebble", "pebble-test".toCharArray()).getEncoded(); // PKCS#8
        Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

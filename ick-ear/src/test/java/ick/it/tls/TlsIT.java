package ick.it.tls;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Icktool;
import ick.it.TestEnv;
import ick.protocol.Json;
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

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * HTTPS certificates from a real ACME server: Debian's pebble on loopback, whose CA only this test trusts.
 * The controller is deployed by the test itself (after it set the ick.tls system properties through the
 * management API), orders a certificate for {@code localhost}, answers pebble's HTTP-01 challenge on its plain
 * HTTP port and serves the certificate on its HTTPS port; renewals swap it without a restart.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TlsIT {
    private static final String DOMAIN = "localhost";
    private static final String DEPLOYMENT = "ick-tls-it.ear";
    private static final int OFFSET = Integer.parseInt(System.getProperty("ick.it.http.port", "8180")) - 8080;
    private static final int HTTP_PORT = 8080 + OFFSET;
    private static final int HTTPS_PORT = 8443 + OFFSET;
    private static final int PEBBLE_PORT = 14000 + OFFSET;
    private static final int PEBBLE_MANAGEMENT_PORT = 15000 + OFFSET;
    private static final Map<String, String> SETTINGS = Map.of(
            "ick.tls.domains", DOMAIN,
            "ick.tls.contact", "ops@example.org",
            "ick.tls.agree-terms", "true",
            "ick.tls.check-interval-seconds", "1",
            "ick.tls.retry-min-seconds", "2",
            "ick.tls.retry-max-seconds", "4");

    private static Path dir;
    private static Pebble pebble;
    private static ModelControllerClient management;
    /** Every root pebble used (it makes a new CA at each start). */
    private static final List<X509Certificate> ROOTS = new ArrayList<>();

    /** Never deployed by Arquillian: the test deploys the EAR once its settings are in place. */
    @Deployment(testable = false, managed = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeAll
    static void deployWithPebble() throws Exception {
        dir = Files.createDirectories(TestEnv.itDir().resolve("tls"));
        pebble = startPebble(HTTP_PORT);
        management = ModelControllerClient.Factory.create("remote+http", InetAddress.getLoopbackAddress(), 9990 + OFFSET);
        for (var e : SETTINGS.entrySet()) {
            setProperty(e.getKey(), e.getValue());
        }
        setProperty("ick.tls.acme-directory", pebble.directoryUrl());
        setProperty("ick.tls.acme-trust-pem", pebble.listenerCertPem().toString());
        Path ear = dir.resolve(DEPLOYMENT);
        Files.copy(Path.of(System.getProperty("ick.it.ear")), ear, StandardCopyOption.REPLACE_EXISTING);
        ModelNode add = op("add", "deployment", DEPLOYMENT);
        ModelNode content = new ModelNode();
        content.get("path").set(ear.toString());
        content.get("archive").set(true);
        add.get("content").add(content);
        add.get("enabled").set(true);
        execute(add);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> servedCertificate() != null);
    }

    @AfterAll
    static void undeploy() throws Exception {
        if (management != null) {
            management.execute(op("remove", "deployment", DEPLOYMENT));
            for (String name : SETTINGS.keySet()) {
                management.execute(op("remove", "system-property", name));
            }
            management.execute(op("remove", "system-property", "ick.tls.acme-directory"));
            management.execute(op("remove", "system-property", "ick.tls.acme-trust-pem"));
            management.close();
        }
        if (pebble != null) {
            pebble.close();
        }
    }

    @Test
    void servesTheAcmeCertificateWithAChainToTheCaAndTheDomainName() throws Exception {
        X509Certificate[] chain = handshake(DOMAIN, trustingPebble());
        X509Certificate leaf = chain[0];
        assertThat(leaf.getSubjectAlternativeNames()).anySatisfy(san -> assertThat(san.get(1)).isEqualTo(DOMAIN));
        assertThat(chain.length).as("leaf and pebble's intermediate").isGreaterThanOrEqualTo(2);
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(chain[1].getSubjectX500Principal());

        // the name is checked: the same certificate does not pass for another name
        assertThatThrownBy(() -> handshake("127.0.0.1", trustingPebble())).isInstanceOf(SSLHandshakeException.class);
        // and the chain is checked: without pebble's root (the system's CAs only) it is refused
        assertThatThrownBy(() -> handshake(DOMAIN, SSLContext.getDefault())).isInstanceOf(SSLHandshakeException.class);

        JsonNode status = json(https("GET", "/api/v1/tls", adminToken()));
        assertThat(status.get("enabled").asBoolean()).isTrue();
        assertThat(status.get("serial").asText()).isEqualTo(leaf.getSerialNumber().toString(16));
        assertThat(Instant.parse(status.get("notAfter").asText())).isEqualTo(leaf.getNotAfter().toInstant());
        assertThat(status.get("certificateDomains").get(0).asText()).isEqualTo(DOMAIN);

        for (String key : List.of("account-key.pem", "domain-key.pem", "keystore.p12")) {
            Path file = TestEnv.itDir().resolve("data/tls").resolve(key);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(key).isEqualTo("rw-------");
        }
    }

    @Test
    void forcedRenewalServesANewSerialWithoutRestartAndKeepsOpenConnections() throws Exception {
        String startTime = read("core-service", "platform-mbean", "type", "runtime", "start-time");
        try (SSLSocket open = connect(DOMAIN, trustingPebble())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(open.getInputStream(), StandardCharsets.ISO_8859_1));
            assertThat(get(open, in, "/api/v1/version")).isEqualTo(200);
            X509Certificate before = (X509Certificate) open.getSession().getPeerCertificates()[0];

            HttpResponse<String> renewed = https("POST", "/api/v1/tls/renew", adminToken());
            assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
            JsonNode status = json(renewed);
            assertThat(status.get("lastResult").asText()).as(renewed.body()).isEqualTo("succeeded");
            String newSerial = status.get("serial").asText();
            assertThat(newSerial).isNotEqualTo(before.getSerialNumber().toString(16));

            // a new connection gets the new certificate
            assertThat(handshake(DOMAIN, trustingPebble())[0].getSerialNumber().toString(16)).isEqualTo(newSerial);
            // the open one still works, with its certificate
            assertThat(get(open, in, "/api/v1/version")).isEqualTo(200);
            assertThat(open.getSession().getPeerCertificates()[0]).isEqualTo(before);
        }
        assertThat(read("core-service", "platform-mbean", "type", "runtime", "start-time")).as("no restart").isEqualTo(startTime);
    }

    @Test
    void failedChallengeKeepsTheServedCertificateRecordsWhyAndIsRetriedLater() throws Exception {
        String served = servedCertificate().getSerialNumber().toString(16);
        pebble.close();
        pebble = startPebble(Pebble.freePort()); // its validation now fetches challenges where nothing answers
        try {
            HttpResponse<String> r = https("POST", "/api/v1/tls/renew", adminToken());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode failed = json(r);
            assertThat(failed.get("lastResult").asText()).isEqualTo("failed");
            assertThat(failed.get("lastReason").asText()).as(r.body()).contains("could not validate " + DOMAIN)
                    .contains("connection refused");
            assertThat(failed.get("serial").asText()).isEqualTo(served);
            assertThat(failed.get("renewalRequested").asBoolean()).isTrue();
            assertThat(Instant.parse(failed.get("nextAttemptAt").asText()))
                    .isAfter(Instant.parse(failed.get("lastAttemptAt").asText()));
            assertThat(servedCertificate().getSerialNumber().toString(16)).as("old certificate still served").isEqualTo(served);
        } finally {
            pebble.close();
            pebble = startPebble(HTTP_PORT);
        }
        // the check retries after its backoff, without being asked again
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode status = json(https("GET", "/api/v1/tls", adminToken()));
            assertThat(status.get("lastResult").asText()).isEqualTo("succeeded");
            assertThat(status.get("serial").asText()).isNotEqualTo(served);
        });
        assertThat(servedCertificate().getSerialNumber().toString(16)).isNotEqualTo(served);
    }

    @Test
    void plainHttpRedirectsToHttpsExceptAcmeChallenges() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + "/api/v1/version?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(301);
        assertThat(get.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + HTTPS_PORT + "/api/v1/version?x=1");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(308);
        HttpResponse<String> challenge = http.send(HttpRequest.newBuilder(
                URI.create(TestEnv.baseUrl() + "/.well-known/acme-challenge/no-such-token")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(challenge.statusCode()).isEqualTo(404);
    }

    @Test
    void statusAndRenewNeedTheirScopes() throws Exception {
        assertThat(https("GET", "/api/v1/tls", null).statusCode()).isEqualTo(401);
        assertThat(https("POST", "/api/v1/tls/renew", null).statusCode()).isEqualTo(401);
        String reader = clientToken("tls-reader", List.of("uapi_tls_get"));
        assertThat(https("GET", "/api/v1/tls", reader).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = https("POST", "/api/v1/tls/renew", reader);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    }

    @Test
    void icktoolShowsTheStatusOverHttpsTrustingTheCaFileOnly() throws Exception {
        Path caFile = dir.resolve("pebble-roots.pem");
        StringBuilder pems = new StringBuilder();
        for (X509Certificate root : roots()) {
            pems.append(Pebble.pem("CERTIFICATE", root.getEncoded()));
        }
        Files.writeString(caFile, pems);
        Files.writeString(dir.resolve("admin.secret"), TestEnv.adminSecret());
        String base = "controller: https://" + DOMAIN + ":" + HTTPS_PORT + "\nclient-id: admin\nsecret-file: "
                + dir.resolve("admin.secret") + "\n";
        Files.writeString(dir.resolve("icktool.yaml"), base + "ca-file: " + caFile + "\n");
        Files.writeString(dir.resolve("icktool-no-ca.yaml"), base);

        Icktool.Result status = Icktool.withConfig(dir.resolve("icktool.yaml")).run(120, "tls", "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("serial " + servedCertificate().getSerialNumber().toString(16))
                .contains("Expires:").contains("succeeded");
        Icktool.Result untrusted = Icktool.withConfig(dir.resolve("icktool-no-ca.yaml")).run(120, "tls", "status");
        assertThat(untrusted.exitCode()).as(untrusted.output()).isEqualTo(4);
    }

    // ---- helpers

    private static Pebble startPebble(int httpPort) throws Exception {
        Pebble p = Pebble.start(dir.resolve("pebble"), PEBBLE_PORT, PEBBLE_MANAGEMENT_PORT, httpPort);
        X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(p.rootPem().getBytes(StandardCharsets.US_ASCII)));
        synchronized (ROOTS) {
            ROOTS.add(root);
        }
        return p;
    }

    private static List<X509Certificate> roots() {
        synchronized (ROOTS) {
            return List.copyOf(ROOTS);
        }
    }

    private static SSLContext trustingPebble() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate root : roots()) {
            trust.setCertificateEntry("pebble-" + i++, root);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    /** A new TLS connection to the HTTPS port of {@code host}, chain and name checked (HTTPS identification). */
    private static SSLSocket connect(String host, SSLContext ssl) throws IOException {
        SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(host, HTTPS_PORT);
        try {
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static X509Certificate[] handshake(String host, SSLContext ssl) throws IOException {
        try (SSLSocket socket = connect(host, ssl)) {
            Certificate[] peer = socket.getSession().getPeerCertificates();
            X509Certificate[] chain = new X509Certificate[peer.length];
            for (int i = 0; i < peer.length; i++) {
                chain[i] = (X509Certificate) peer[i];
            }
            return chain;
        }
    }
    /** The certificate a new connection gets now, or null while HTTPS has none. */
    private static X509Certificate servedCertificate() {
        try {
            return handshake(DOMAIN, trustingPebble())[0];
        } catch (Exception e) {
            return null;
        }
    }

    /** One HTTP/1.1 keep-alive request on an open connection; its status. */
    private static int get(SSLSocket socket, BufferedReader in, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + DOMAIN + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        int status = Integer.parseInt(in.readLine().split(" ")[1]);
        int length = 0;
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.skip(length);
        return status;
    }

    private static HttpResponse<String> https(String method, String path, String token) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustingPebble()).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://" + DOMAIN + ":" + HTTPS_PORT + path))
                .timeout(Duration.ofSeconds(120)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String adminToken() throws Exception {
        return token("admin", TestEnv.adminSecret());
    }

    private static String token(String id, String secret) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustingPebble()).build();
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://" + DOMAIN + ":" + HTTPS_PORT + "/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("access_token").asText();
    }

    private static String clientToken(String id, List<String> scopes) throws Exception {
        String secret = "secret-" + System.nanoTime();
        String body = Json.mapper().createObjectNode().put("secret", secret)
                .set("scopes", Json.mapper().valueToTree(scopes)).toString();
        HttpClient http = HttpClient.newBuilder().sslContext(trustingPebble()).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://" + DOMAIN + ":" + HTTPS_PORT + "/api/v1/clients/" + id))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return token(id, secret);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.mapper().readTree(r.body());
    }

    private static ModelNode op(String name, String... address) {
        ModelNode op = new ModelNode();
        op.get("operation").set(name);
        for (int i = 0; i < address.length; i += 2) {
            op.get("address").add(address[i], address[i + 1]);
        }
        return op;
    }

    private static void setProperty(String name, String value) throws IOException {
        management.execute(op("remove", "system-property", name)); // left over by an aborted run, if any
        ModelNode add = op("add", "system-property", name);
        add.get("value").set(value);
        execute(add);
    }

    private static String read(String... addressAndAttribute) throws IOException {
        String[] address = java.util.Arrays.copyOf(addressAndAttribute, addressAndAttribute.length - 1);
        ModelNode op = op("read-attribute", address);
        op.get("name").set(addressAndAttribute[addressAndAttribute.length - 1]);
        return execute(op).asString();
    }

    private static ModelNode execute(ModelNode op) throws IOException {
        ModelNode result = management.execute(op);
        if (!"success".equals(result.get("outcome").asString())) {
            throw new IllegalStateException(op + ": " + result.get("failure-description"));
        }
        return result.get("result");
    }
}

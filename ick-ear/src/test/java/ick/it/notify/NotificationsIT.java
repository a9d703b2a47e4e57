package ick.it.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import ick.it.Api;
import ick.it.Icktool;
import ick.it.TestEnv;
import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Build notifications end to end: a real SMTP server (GreenMail, on the port the controller was told), a real
 * HTTP endpoint for webhooks, and the test playing the worker over HTTP.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NotificationsIT {
    private static final List<String> WORKER_SCOPES = List.of("uapi_workers_post", "uapi_work_get",
            "uapi_work_id_output_post", "uapi_work_id_result_post");
    private static final ServerSetup SMTP = new ServerSetup(Integer.parseInt(System.getProperty("ick.it.smtp.port")),
            "127.0.0.1", ServerSetup.PROTOCOL_SMTP);

    private static GreenMail mail;

    private final Api admin = Api.admin();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String project = "notify-" + id;
    private Api worker;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeAll
    static void startSmtp() {
        mail = new GreenMail(SMTP);
        mail.start();
    }

    @AfterAll
    static void stopSmtp() {
        mail.stop();
    }

    @AfterEach
    void smtpUpAgain() {
        if (!mail.isRunning()) {
            startSmtp();
        }
    }

    @Test
    void successFailureAndFixedEachSendOneMailWithTheFactsAndTheLog() throws Exception {
        defineProject("\"notify\": [\"dev@example.test\", \"Lead <lead@example.test>\"], \"notify-on\": [\"success\", \"failure\"]");
        long ok = runBuild(0, "hello from the build\n".repeat(40));
        JsonNode sent = awaitNotification(ok, "email", "sent");
        assertThat(sent.get("outcome").asText()).isEqualTo("succeeded");
        assertThat(sent.get("attempts").asInt()).isEqualTo(1);
        assertThat(sent.get("target").asText()).isEqualTo("dev@example.test, Lead <lead@example.test>");
        MimeMessage success = onlyMail("[ick] " + project + " #" + ok + " SUCCEEDED");
        assertThat(Arrays.stream(success.getAllRecipients()).map(Object::toString))
                .containsExactlyInAnyOrder("dev@example.test", "Lead <lead@example.test>");
        String body = text(success);
        assertThat(body).contains("Project:  " + project, "Build:    #" + ok, "Result:   SUCCEEDED", "Duration: ",
                "Link:     http://127.0.0.1:" + System.getProperty("ick.it.http.port") + "/projects/" + project + "/builds/" + ok,
                "is attached as " + project + "-" + ok + ".log.")
                .doesNotContain("Failed:").doesNotContain("gzip");
        assertThat(attachment(success)).isEqualTo(log(ok).getBytes(StandardCharsets.UTF_8));
        assertLastLinesQuoted(body, log(ok));

        long failed = runBuild(3, "compiling\nerror: it broke\n");
        awaitNotification(failed, "email", "sent");
        MimeMessage failure = onlyMail("[ick] " + project + " #" + failed + " FAILED");
        String failureBody = text(failure);
        assertThat(failureBody).contains("Result:   FAILED", "Failed:   action 1 (shell: echo building) of pipeline pipe-" + id
                + ", exit code 3", "error: it broke");
        assertThat(attachment(failure)).isEqualTo(log(failed).getBytes(StandardCharsets.UTF_8));

        long fixed = runBuild(0, "better now\n");
        awaitNotification(fixed, "email", "sent");
        assertThat(text(onlyMail("[ick] " + project + " #" + fixed + " FIXED"))).contains("Result:   FIXED");
        assertThat(mailsAbout(project)).hasSize(3);
    }

    @Test
    void byDefaultOnlyFailuresAndFixesAreTold() throws Exception {
        defineProject("\"notify\": [\"dev@example.test\"]");
        long first = runBuild(0, "ok\n");
        long broken = runBuild(1, "no\n");
        long fixed = runBuild(0, "ok\n");
        long again = runBuild(0, "ok\n");
        awaitNotification(broken, "email", "sent");
        awaitNotification(fixed, "email", "sent");
        assertThat(notificationsOf(first)).isEmpty();
        assertThat(notificationsOf(again)).isEmpty();
        assertThat(mailsAbout(project)).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                "[ick] " + project + " #" + broken + " FAILED", "[ick] " + project + " #" + fixed + " FIXED");
    }

    @Test
    void whenTheSmtpServerIsDownTheMailArrivesOnceAfterARetry() throws Exception {
        defineProject("\"notify\": [\"dev@example.test\"]");
        mail.stop();
        long number = runBuild(2, "failing\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> notificationsOf(number).stream()
                .anyMatch(n -> n.get("attempts").asInt() >= 1 && n.has("lastError")));
        JsonNode waiting = notificationsOf(number).get(0);
        assertThat(waiting.get("state").asText()).isIn("pending", "sending");
        startSmtp();
        JsonNode sent = awaitNotification(number, "email", "sent");
        assertThat(sent.get("attempts").asInt()).isGreaterThan(1);
        onlyMail("[ick] " + project + " #" + number + " FAILED");
        Thread.sleep(3000); // later retries, if there were any, would have come by now
        assertThat(mailsAbout(project)).hasSize(1);
    }

    @Test
    void afterTheLastRetryTheFailureIsVisibleNothingIsSentAndAnAdminCanRetryIt() throws Exception {
        defineProject("\"notify\": [\"dev@example.test\"]");
        mail.stop();
        long number = runBuild(1, "failing\n");
        JsonNode failed = awaitNotification(number, "email", "failed");
        assertThat(failed.get("attempts").asInt()).isEqualTo(4); // the first and the retries after 1, 2, 4 s
        assertThat(failed.get("lastError").asText()).containsIgnoringCase("connect");
        assertThat(failed.has("nextAttempt")).isFalse();
        HttpResponse<String> list = admin.get("/api/v1/notifications?state=failed");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(Api.json(list).findValuesAsText("build")).contains(project + "/" + number);
        assertThat(admin.get("/api/v1/notifications?state=lost").statusCode()).isEqualTo(400);
        startSmtp();
        Thread.sleep(3000);
        assertThat(mailsAbout(project)).isEmpty();

        // once the SMTP server is fixed, the admin tries it again: icktool lists it with its id, and retries it
        long notification = failed.get("id").asLong();
        Icktool icktool = Icktool.asAdmin(TestEnv.itDir().resolve("notifications-" + id));
        assertThat(icktool.ok("notifications", "--state", "failed")).containsPattern("(?m)^" + notification + " ");
        String path = "/api/v1/notifications/" + notification + "/retry";
        HttpResponse<String> notAdmin = worker().post(path, "");
        assertThat(notAdmin.statusCode()).as("a client without the scope: " + notAdmin.body()).isEqualTo(403);
        assertThat(icktool.ok("notifications", "retry", Long.toString(notification)))
                .contains("notification " + notification, "pending again");
        assertThat(awaitNotification(number, "email", "sent").get("attempts").asInt()).isEqualTo(5);
        onlyMail("[ick] " + project + " #" + number + " FAILED");
        assertThat(mailsAbout(project)).hasSize(1);

        HttpResponse<String> again = admin.post(path, "");
        assertThat(again.statusCode()).as("only a failed one is retried").isEqualTo(409);
        assertThat(again.body()).contains("is sent");
        assertThat(admin.post("/api/v1/notifications/999999999/retry", "").statusCode()).isEqualTo(404);
        Icktool.Result refused = icktool.run(60, "notifications", "retry", Long.toString(notification));
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("only a failed notification can be retried");
        assertThat(mailsAbout(project)).hasSize(1);
    }

    @Test
    void aFiftyMegabyteLogArrivesCompressedAndIntact() throws Exception {
        defineProject("\"notify\": [\"dev@example.test\"]");
        Api worker = worker();
        long number = trigger();
        finish(worker, worker.claimFor(project), 0, null);
        long actionId = worker.claimFor(project).get("actionId").asLong();
        int chunks = 52;
        for (int seq = 0; seq < chunks; seq++) {
            String data = bigChunk(seq);
            String body = "{\"seq\": " + seq + ", \"data\": \"" + data.replace("\n", "\\n") + "\"}";
            assertThat(body.length()).isLessThanOrEqualTo(1024 * 1024);
            HttpResponse<String> r = worker.post("/api/v1/work/" + actionId + "/output", body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        }
        finish(worker, actionId, 5, null);
        JsonNode sent = awaitNotification(number, "email", "sent", Duration.ofSeconds(120));
        assertThat(sent.get("state").asText()).isEqualTo("sent");
        MimeMessage message = onlyMail("[ick] " + project + " #" + number + " FAILED");
        assertThat(text(message)).contains("gzip-compressed", project + "-" + number + ".log.gz");
        byte[] gz = attachment(message);
        byte[] unpacked;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            unpacked = in.readAllBytes();
        }
        assertThat(gz.length).isLessThan(unpacked.length);
        assertThat(unpacked.length).isGreaterThan(50_000_000);
        byte[] stored = log(number).getBytes(StandardCharsets.UTF_8);
        assertThat(sha256(unpacked)).isEqualTo(sha256(stored));
        mail.purgeEmailFromAllMailboxes();
    }

    @Test
    void aProjectWithoutRecipientsSendsNothing() throws Exception {
        defineProject(null);
        long ok = runBuild(0, "quiet\n");
        long failed = runBuild(1, "quiet\n");
        Thread.sleep(3000);
        assertThat(notificationsOf(ok)).isEmpty();
        assertThat(notificationsOf(failed)).isEmpty();
        assertThat(mailsAbout(project)).isEmpty();
    }

    @Test
    void aBadAddressIsRefusedAtMakeItSoAndNothingIsStored() {
        for (String bad : List.of("\"notify\": [\"not an address\"]", "\"notify\": [\"dev@\"]",
                "\"notify\": [\"dev@example.test\"], \"notify-on\": [\"sometimes\"]",
                "\"webhook\": \"ftp://example.test/hook\"")) {
            HttpResponse<String> r = admin.post("/api/v1/make-it-so", projectFile(bad));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(Api.json(r).get("errors").toString()).as(bad).contains("project \\\"" + project + "\\\"");
            assertThat(admin.get("/api/v1/projects/" + project).statusCode()).isEqualTo(404);
        }
        HttpResponse<String> ok = admin.post("/api/v1/make-it-so", projectFile(
                "\"notify\": [\"dev@example.test\"], \"notify-on\": [\"failure\"]"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode stored = Api.json(admin.get("/api/v1/projects/" + project));
        assertThat(stored.get("notify").get(0).asText()).isEqualTo("dev@example.test");
        assertThat(stored.get("notify-on").get(0).asText()).isEqualTo("failure");
    }

    @Test
    void aWebhookGetsTheSummaryOnceAndIsRetriedAfterA500() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> ids = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook/secret-token", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ids.add(exchange.getRequestHeaders().getFirst("Ick-Notification"));
            exchange.sendResponseHeaders(calls.incrementAndGet() == 1 ? 500 : 204, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/secret-token";
            defineProject("\"webhook\": \"" + url + "\", \"notify-on\": [\"failure\"]");
            // the project's answer, which viewers may read too, gives the webhook's origin only
            HttpResponse<String> shown = admin.get("/api/v1/projects/" + project);
            assertThat(Api.json(shown).get("webhook").asText()).isEqualTo("http://127.0.0.1:" + server.getAddress().getPort());
            assertThat(shown.body()).doesNotContain("secret-token");
            assertThat(admin.get("/api/v1/projects").body()).doesNotContain("secret-token");
            long number = runBuild(4, "webhook build\n");
            JsonNode sent = awaitNotification(number, "webhook", "sent");
            assertThat(sent.get("attempts").asInt()).isEqualTo(2);
            assertThat(sent.get("target").asText()).isEqualTo("http://127.0.0.1:" + server.getAddress().getPort())
                    .doesNotContain("secret");
            Thread.sleep(3000);
            assertThat(bodies).hasSize(2);
            assertThat(ids).hasSize(2).allMatch(i -> i.equals(sent.get("id").asText()));
            JsonNode summary = ick.protocol.Json.mapper().readTree(bodies.get(1));
            assertThat(summary.get("build").asText()).isEqualTo(project + "/" + number);
            assertThat(summary.get("project").asText()).isEqualTo(project);
            assertThat(summary.get("number").asLong()).isEqualTo(number);
            assertThat(summary.get("outcome").asText()).isEqualTo("failed");
            assertThat(summary.get("state").asText()).isEqualTo("failed");
            assertThat(summary.get("failedAction").get("index").asInt()).isEqualTo(1);
            assertThat(summary.get("failedAction").get("exitCode").asInt()).isEqualTo(4);
            assertThat(summary.get("failedAction").get("step").get("shell").asText()).isEqualTo("echo building");
            assertThat(summary.get("url").asText()).endsWith("/projects/" + project + "/builds/" + number);
            assertThat(summary.has("durationSeconds")).isTrue();
            assertThat(mailsAbout(project)).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    // --- the test as a worker -----------------------------------------------------------------------------

    private String projectFile(String notify) {
        return """
                {"projects": [{"project": "%1$s", "pipelines": ["pipe-%2$s"]%3$s}],
                 "pipelines": [{"pipeline": "pipe-%2$s", "actions": [{"shell": "echo building"}]}]}
                """.formatted(project, id, notify == null ? "" : ", " + notify);
    }

    private void defineProject(String notify) {
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", projectFile(notify));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private Api worker() {
        if (worker == null) {
            worker = Api.client("nw-" + id, "secret-nw-" + id, WORKER_SCOPES);
            assertThat(worker.post("/api/v1/workers", "{\"labels\": [\"it\"]}").statusCode()).isEqualTo(200);
        }
        return worker;
    }

    private long trigger() {
        HttpResponse<String> r = admin.post("/api/v1/projects/" + project + "/builds", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Api.json(r).get("number").asLong();
    }

    /** A build of two actions (create_workspace, then the shell step, which prints {@code output} and exits). */
    private long runBuild(int exitCode, String output) {
        Api worker = worker();
        long number = trigger();
        finish(worker, worker.claimFor(project).get("actionId").asLong(), 0, null);
        finish(worker, worker.claimFor(project).get("actionId").asLong(), exitCode, output);
        await().atMost(Duration.ofSeconds(20)).until(() -> state(number).equals(exitCode == 0 ? "succeeded" : "failed"));
        return number;
    }

    private void finish(Api worker, long actionId, int exitCode, String output) {
        if (output != null) {
            String body = ick.protocol.Json.mapper().createObjectNode().put("seq", 0).put("data", output).toString();
            assertThat(worker.post("/api/v1/work/" + actionId + "/output", body).statusCode()).isEqualTo(204);
        }
        HttpResponse<String> r = worker.post("/api/v1/work/" + actionId + "/result", "{\"exitCode\": " + exitCode + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    private void finish(Api worker, JsonNode item, int exitCode, String output) {
        finish(worker, item.get("actionId").asLong(), exitCode, output);
    }

    private String state(long number) {
        return Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number)).get("state").asText();
    }

    private String log(long number) {
        return admin.wholeLog("/api/v1/projects/" + project + "/builds/" + number + "/log");
    }

    // --- notifications and mails --------------------------------------------------------------------------

    private List<JsonNode> notificationsOf(long number) {
        HttpResponse<String> r = admin.get("/api/v1/notifications?limit=1000");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> mine = new ArrayList<>();
        Api.json(r).forEach(n -> {
            if (n.get("build").asText().equals(project + "/" + number)) {
                mine.add(n);
            }
        });
        return mine;
    }

    private JsonNode awaitNotification(long number, String channel, String state) {
        return awaitNotification(number, channel, state, Duration.ofSeconds(30));
    }

    private JsonNode awaitNotification(long number, String channel, String state, Duration within) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode n : notificationsOf(number)) {
                if (n.get("channel").asText().equals(channel) && n.get("state").asText().equals(state)) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The distinct mails (by Message-ID: GreenMail keeps one copy per recipient) about {@code project}. */
    private static List<MimeMessage> mailsAbout(String project) throws Exception {
        List<MimeMessage> mine = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getSubject() != null && m.getSubject().startsWith("[ick] " + project + " #") && seen.add(messageId(m))) {
                mine.add(m);
            }
        }
        return mine;
    }

    /** The one mail with this subject (GreenMail keeps one copy per recipient: they must be the same message). */
    private static MimeMessage onlyMail(String subject) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            found.clear();
            for (MimeMessage m : mail.getReceivedMessages()) {
                if (subject.equals(m.getSubject())) {
                    found.add(m);
                }
            }
            return !found.isEmpty();
        });
        assertThat(found.stream().map(NotificationsIT::messageId).distinct()).as(subject).hasSize(1);
        return found.get(0);
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMessage m) throws Exception {
        MimeMultipart parts = (MimeMultipart) m.getContent();
        return ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"); // SMTP sends CRLF
    }

    private static byte[] attachment(MimeMessage m) throws Exception {
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart part = parts.getBodyPart(1);
        assertThat(part.getDisposition()).isEqualTo(Part.ATTACHMENT);
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static void assertLastLinesQuoted(String body, String log) {
        List<String> lines = List.of(log.split("\n"));
        List<String> last = lines.subList(Math.max(0, lines.size() - 30), lines.size());
        assertThat(body).contains("The last 30 lines of the log:\n\n" + String.join("\n", last) + "\n");
        String quoted = body.substring(body.indexOf("The last 30 lines of the log:\n\n") + 31);
        assertThat(quoted.split("\n", -1)).hasSize(31); // 30 lines, each ending with a newline
    }

    /** About 1,000,000 characters of varied text (so that gzip has work to do), in lines of 100. */
    private static String bigChunk(int seq) {
        StringBuilder out = new StringBuilder(1_000_000);
        long x = 0x9E3779B97F4A7C15L * (seq + 1);
        int line = 0;
        while (out.length() < 999_900) {
            StringBuilder l = new StringBuilder(String.format("%02d:%05d ", seq, line++));
            while (l.length() < 99) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                l.append(Long.toString(x & Long.MAX_VALUE, 36));
            }
            out.append(l, 0, 99).append('\n');
        }
        return out.toString();
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

package ick.it.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import ick.it.Api;
import ick.it.TestEnv;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The blobs and notifications pages in a real browser: listing, sorting, filtering, download through the UI's
 * own login, delete after a confirmation and retention for admins; the outbox by state with a failed
 * notification retried by an admin (a real SMTP server refusing, then GreenMail accepting); for a viewer no
 * buttons and 403 for forged posts; names, filters and errors shown as text. One admin and one viewer browser,
 * logged in once for the class.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UiBlobsAndNotificationsIT {
    private static final String SCRIPT = "<script>window.pwned=1</script>";
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> WORKER_SCOPES = List.of("uapi_workers_post", "uapi_work_get",
            "uapi_work_id_output_post", "uapi_work_id_result_post");
    private static final int SMTP_PORT = Integer.parseInt(System.getProperty("ick.it.smtp.port"));

    private static Browser admin;
    private static Browser viewer;

    private final Api api = Api.admin();
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(name = "ick", order = 1, testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @Deployment(name = "ui", order = 2, testable = false)
    static WebArchive ui() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ick.it.ui.war")));
    }

    @AfterAll
    static void closeBrowsers() {
        Browser.closeAll(admin, viewer);
    }

    // --- blobs --------------------------------------------------------------------------------------------

    @Test
    void anAdminListsSortsDownloadsDeletesAfterConfirmingAndRunsRetention() throws Exception {
        String prefix = "uib-" + id + "/";
        byte[] big = bytes(3000);
        put(prefix + "big.bin", big);
        put(prefix + "small.txt", "a small <b>text</b>\n".getBytes(StandardCharsets.UTF_8));
        put(prefix + "kept.tar", bytes(1200));
        put(prefix + "old.bin", bytes(10));
        defineProjectKeeping(prefix + "kept.tar");
        // retention deletes only what was stored longer ago than ick.blob.retention.max-age-days (30)
        makeOld(prefix + "old.bin");
        makeOld(prefix + "kept.tar");

        Browser browser = admin();
        browser.driver().get(TestEnv.baseUrl() + "/ui/");
        browser.driver().findElement(By.id("nav-blobs")).click();
        browser.driver().findElement(By.id("prefix")).sendKeys(prefix);
        browser.driver().findElement(By.id("filter-button")).click();
        browser.waiting(20).until(d -> rows(browser).size() == 4);
        assertThat(rows(browser)).containsExactly(prefix + "big.bin", prefix + "kept.tar", prefix + "old.bin",
                prefix + "small.txt");
        assertThat(browser.text("summary")).contains("4 blob(s)", prefix);
        assertThat(row(browser, prefix + "kept.tar").getText()).contains("uib-" + id);
        assertThat(row(browser, prefix + "big.bin").findElement(By.cssSelector("code.sha")).getAttribute("title"))
                .isEqualTo(sha256(big));

        browser.driver().findElement(By.id("sort-size")).click();
        browser.waiting(20).until(d -> rows(browser).get(0).equals(prefix + "old.bin"));
        assertThat(rows(browser)).containsExactly(prefix + "old.bin", prefix + "small.txt", prefix + "kept.tar",
                prefix + "big.bin");
        browser.driver().findElement(By.id("sort-size")).click();
        browser.waiting(20).until(d -> rows(browser).get(0).equals(prefix + "big.bin"));
        assertThat(browser.driver().getCurrentUrl()).contains("sort=-size");

        // the download link works with the UI's session alone; the page holds no token
        String href = row(browser, prefix + "small.txt").findElement(By.cssSelector("a.download")).getAttribute("href");
        assertThat(href).endsWith("/ui/blob?name=" + prefix.replace("/", "%2F") + "small.txt");
        Map<String, Object> download = browser.fetch(href);
        assertThat(download.get("status")).isEqualTo(200L);
        assertThat(download.get("body")).isEqualTo("a small <b>text</b>\n");
        assertThat(download.get("disposition")).isEqualTo("attachment; filename=\"uib-" + id + "_small.txt\"");
        assertThat(browser.driver().getPageSource()).doesNotContain("eyJ"); // no JWT anywhere in the page
        browser.screenshot("blobs");

        row(browser, prefix + "small.txt").findElement(By.cssSelector("a.delete")).click();
        browser.waiting(20).until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-delete")));
        assertThat(browser.text("confirm-name")).isEqualTo(prefix + "small.txt");
        assertThat(blobStatus(prefix + "small.txt")).as("asking deletes nothing").isEqualTo(200);
        browser.driver().findElement(By.id("adminDelete:delete")).click();
        browser.waiting(20).until(d -> browser.text("messages").contains("Deleted blob " + prefix + "small.txt"));
        assertThat(browser.has("confirm-delete")).isFalse();
        assertThat(rows(browser)).doesNotContain(prefix + "small.txt").hasSize(3);
        assertThat(blobStatus(prefix + "small.txt")).isEqualTo(404);

        row(browser, prefix + "kept.tar").findElement(By.cssSelector("a.delete")).click();
        browser.waiting(20).until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-delete")));
        assertThat(browser.text("confirm-delete")).contains("uib-" + id + " use it");
        browser.driver().findElement(By.id("adminDelete:keep")).click();
        browser.waiting(20).until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-delete")));
        assertThat(blobStatus(prefix + "kept.tar")).isEqualTo(200);

        browser.driver().findElement(By.id("adminRetention:run")).click();
        browser.waiting(60).until(d -> browser.text("messages").contains("Retention run"));
        assertThat(browser.text("messages")).contains(prefix + "old.bin").doesNotContain(prefix + "kept.tar");
        assertThat(blobStatus(prefix + "old.bin")).isEqualTo(404);
        assertThat(blobStatus(prefix + "kept.tar")).as("old, but a project uses it").isEqualTo(200);
        assertThat(blobStatus(prefix + "big.bin")).as("young").isEqualTo(200);
        assertThat(rows(browser)).containsExactly(prefix + "big.bin", prefix + "kept.tar");
    }

    @Test
    void aViewerSeesBlobsButNoDeleteOrRetentionAndForgedPostsAreForbidden() throws Exception {
        String name = "uiv-" + id + "/report.txt";
        put(name, "report\n".getBytes(StandardCharsets.UTF_8));
        Browser browser = viewer();
        browser.driver().get(TestEnv.baseUrl() + "/ui/blobs.xhtml?prefix=uiv-" + id + "/&delete=" + name);
        assertThat(rows(browser)).containsExactly(name);
        assertThat(browser.driver().findElements(By.cssSelector("a.delete"))).isEmpty();
        assertThat(browser.has("adminRetention")).isFalse();
        assertThat(browser.has("confirm-delete")).as("no confirmation for a viewer").isFalse();
        assertThat(row(browser, name).findElement(By.cssSelector("a.download")).getAttribute("href")).contains("/ui/blob?");

        assertThat(browser.forgedPost("adminDelete", "adminDelete:delete")).isEqualTo(403L);
        assertThat(browser.forgedPost("adminRetention", "adminRetention:run")).isEqualTo(403L);
        assertThat(blobStatus(name)).isEqualTo(200);
    }

    @Test
    void badInputIsRefusedOrShownAsText() {
        Browser browser = admin();
        browser.driver().get(TestEnv.baseUrl() + "/ui/blobs.xhtml");
        assertThat(status(browser, "blob?name=" + encode("../etc/passwd"))).isEqualTo(400L);
        assertThat(status(browser, "blob?name=no-such-" + id + "/blob")).isEqualTo(404L);
        assertThat(status(browser, "blob")).isEqualTo(400L);
        assertThat(status(browser, "notifications.xhtml?state=" + encode(SCRIPT))).isEqualTo(400L);
        browser.driver().get(TestEnv.baseUrl() + "/ui/notifications.xhtml?retry=" + encode(SCRIPT));
        assertThat(browser.has("confirm-retry")).isFalse();
        assertThat(browser.text("messages")).contains(SCRIPT);
        browser.driver().get(TestEnv.baseUrl() + "/ui/notifications.xhtml?retry=999999999");
        assertThat(browser.text("messages")).contains("There is no notification 999999999");
        assertThat(browser.driver().executeScript("return window.pwned === undefined;")).isEqualTo(true);

        browser.driver().get(TestEnv.baseUrl() + "/ui/blobs.xhtml?prefix=" + encode(SCRIPT) + "&delete=" + encode(SCRIPT)
                + "&sort=" + encode(SCRIPT));
        assertThat(browser.text("shown-prefix")).isEqualTo(SCRIPT);
        assertThat(browser.text("messages")).contains("There is no blob " + SCRIPT);
        assertThat(browser.has("no-blobs")).isTrue();
        assertThat(browser.driver().findElement(By.id("prefix")).getAttribute("value")).isEqualTo(SCRIPT);
        assertThat(browser.driver().executeScript("return window.pwned === undefined;")).isEqualTo(true);
    }

    private static Object status(Browser browser, String relative) {
        return browser.fetch(relative).get("status");
    }

    // --- notifications ------------------------------------------------------------------------------------

    @Test
    void aFailedNotificationShowsItsErrorAsTextAndAnAdminRetriesIt() throws Exception {
        String project = "uin-" + id;
        long notification;
        try (RefusingSmtp refusing = new RefusingSmtp(SMTP_PORT, "550 " + SCRIPT + " mailbox unavailable")) {
            long number = failingBuild(project);
            notification = awaitNotification(project, number, "failed").get("id").asLong();
            assertThat(refusing.refused()).isEqualTo(4); // the first attempt and the retries after 1, 2, 4 s
        }

        Browser viewing = viewer();
        viewing.driver().get(TestEnv.baseUrl() + "/ui/");
        viewing.driver().findElement(By.id("nav-notifications")).click();
        viewing.driver().findElement(By.linkText("failed")).click();
        viewing.waiting(20).until(ExpectedConditions.urlContains("state=failed"));
        WebElement row = notificationRow(viewing, notification);
        assertThat(errorOf(viewing, notification)).contains(SCRIPT);
        assertThat(row.getText()).contains(project + "/", "email", "dev@example.test", "failed", "4");
        assertThat(viewing.driver().executeScript("return window.pwned === undefined;")).isEqualTo(true);
        assertThat(row.findElements(By.cssSelector("a.retry"))).isEmpty();
        viewing.driver().get(TestEnv.baseUrl() + "/ui/notifications.xhtml?state=failed&retry=" + notification);
        assertThat(viewing.has("confirm-retry")).isFalse();
        assertThat(viewing.forgedPost("adminRetry", "adminRetry:retry")).isEqualTo(403L);
        assertThat(notificationState(notification)).isEqualTo("failed");

        GreenMail mail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        try {
            Browser browser = admin();
            browser.driver().get(TestEnv.baseUrl() + "/ui/notifications.xhtml?state=failed");
            assertThat(errorOf(browser, notification)).contains("SMTPAddressFailedException 550 " + SCRIPT);
            browser.screenshot("notifications");
            notificationRow(browser, notification).findElement(By.cssSelector("a.retry")).click();
            browser.waiting(20).until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-retry")));
            assertThat(browser.text("confirm-retry")).contains(SCRIPT);
            assertThat(notificationState(notification)).as("asking changes nothing").isEqualTo("failed");
            browser.driver().findElement(By.id("adminRetry:retry")).click();
            browser.waiting(20).until(d -> browser.text("messages").contains("Notification " + notification + " will be sent again"));

            await().atMost(Duration.ofSeconds(20)).until(() -> notificationState(notification).equals("sent"));
            assertThat(mail.getReceivedMessages()).hasSize(1);
            assertThat(mail.getReceivedMessages()[0].getSubject()).startsWith("[ick] " + project + " #");
            browser.driver().get(TestEnv.baseUrl() + "/ui/notifications.xhtml?state=sent");
            assertThat(notificationRow(browser, notification).getText()).contains("sent", "5");
            browser.driver().get(TestEnv.baseUrl() + "/ui/notifications.xhtml?state=failed");
            assertThat(browser.driver().findElements(By.cssSelector("tr[data-id='" + notification + "']"))).isEmpty();

            // a sent one is not offered again
            browser.driver().get(TestEnv.baseUrl() + "/ui/notifications.xhtml?retry=" + notification);
            assertThat(browser.has("confirm-retry")).isFalse();
            assertThat(browser.text("messages")).contains("only a failed notification can be retried");
        } finally {
            mail.stop();
        }
    }

    @Test
    void bothPagesFitAPhoneAndADesktop() {
        Browser browser = viewer();
        browser.assertPagesFit(List.of("blobs.xhtml", "notifications.xhtml"));
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private Browser admin() {
        if (admin == null) {
            admin = loggedIn("uia-" + ID, "admin");
        }
        return admin;
    }

    private Browser viewer() {
        if (viewer == null) {
            viewer = loggedIn("uiv-" + ID, "viewer");
        }
        return viewer;
    }

    private Browser loggedIn(String user, String role) {
        String password = "pw-" + user;
        HttpResponse<String> r = api.put("/api/v1/users/" + user,
                "{\"password\": \"" + password + "\", \"role\": \"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        Browser browser = new Browser();
        browser.login(user, password);
        return browser;
    }

    private static List<String> rows(Browser browser) {
        return browser.driver().findElements(By.cssSelector("#blobs tbody tr")).stream()
                .map(tr -> tr.getAttribute("data-name")).toList();
    }

    private static WebElement row(Browser browser, String name) {
        return browser.driver().findElement(By.cssSelector("#blobs tbody tr[data-name='" + name + "']"));
    }

    private static WebElement notificationRow(Browser browser, long notification) {
        return browser.driver().findElement(By.cssSelector("#notifications tbody tr[data-id='" + notification + "']"));
    }

    private static String errorOf(Browser browser, long notification) {
        return browser.driver().findElement(By.cssSelector("#notifications tr[data-error-of='" + notification + "'] td.error"))
                .getText();
    }

    private void put(String name, byte[] content) {
        HttpResponse<String> r = api.send("PUT", "/api/v1/blobs/" + name, "application/octet-stream", content);
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    private int blobStatus(String name) {
        return Api.send(api.request("/api/v1/blobs/" + name).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()))
                .statusCode();
    }

    /** Back-dates the blob by 60 days, as if stored then (the file store keeps the time on the name's file). */
    private static void makeOld(String name) throws IOException {
        Path link = TestEnv.itDir().resolve("data/blobs/names").resolve(name.replace("/", "%2F"));
        Files.setLastModifiedTime(link, FileTime.from(Instant.now().minus(Duration.ofDays(60))));
    }

    private void defineProjectKeeping(String blob) {
        String file = """
                {"projects": [{"project": "uib-%1$s", "pipelines": ["uib-pipe-%1$s"]}],
                 "pipelines": [{"pipeline": "uib-pipe-%1$s", "actions": [{"archive": "workspace", "blob": "%2$s"}]}]}
                """.formatted(id, blob);
        HttpResponse<String> r = api.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** A project that tells dev@example.test of failures, and one failed build of it, the test playing the worker. */
    private long failingBuild(String project) {
        String file = """
                {"projects": [{"project": "%1$s", "pipelines": ["%1$s-pipe"], "notify": ["dev@example.test"],
                               "notify-on": ["failure"]}],
                 "pipelines": [{"pipeline": "%1$s-pipe", "actions": [{"shell": "false"}]}]}
                """.formatted(project);
        HttpResponse<String> r = api.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Api worker = Api.client("uinw-" + id, "secret-uinw-" + id, WORKER_SCOPES);
        assertThat(worker.post("/api/v1/workers", "{\"labels\": [\"ui\"]}").statusCode()).isEqualTo(200);
        long number = api.trigger(project);
        for (int exitCode : new int[] {0, 1}) { // create_workspace, then the shell step
            long actionId = worker.claimFor(project).get("actionId").asLong();
            HttpResponse<String> done = worker.post("/api/v1/work/" + actionId + "/result", "{\"exitCode\": " + exitCode + "}");
            assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
        }
        return number;
    }

    private JsonNode awaitNotification(String project, long number, String state) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (JsonNode n : Api.json(api.get("/api/v1/notifications?limit=1000"))) {
                if (n.get("build").asText().equals(project + "/" + number) && n.get("state").asText().equals(state)) {
                    found[0] = n;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private String notificationState(long notification) {
        for (JsonNode n : Api.json(api.get("/api/v1/notifications?limit=1000"))) {
            if (n.get("id").asLong() == notification) {
                return n.get("state").asText();
            }
        }
        throw new AssertionError("no notification " + notification);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** An SMTP server that takes the sender and refuses every recipient with {@code reply}. */
    static final class RefusingSmtp implements AutoCloseable {
        private final ServerSocket server;
        private final String reply;
        private final Thread thread;
        private volatile int refused;

        RefusingSmtp(int port, String reply) throws IOException {
            this.reply = reply;
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            thread = new Thread(this::serve, "refusing-smtp");
            thread.setDaemon(true);
            thread.start();
        }

        int refused() {
            return refused;
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(10_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                    OutputStream out = socket.getOutputStream();
                    say(out, "220 refusing.test ESMTP");
                    String line;
                    while ((line = in.readLine()) != null) {
                        String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                        if (command.equals("RCPT")) {
                            refused++;
                            say(out, reply);
                        } else if (command.equals("QUIT")) {
                            say(out, "221 bye");
                            break;
                        } else {
                            say(out, "250 ok");
                        }
                    }
                } catch (IOException e) {
                    // closed, or the client went away: take the next one
                }
            }
        }

        private static void say(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(5000);
        }
    }
}

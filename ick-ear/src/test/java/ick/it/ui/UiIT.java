package ick.it.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestEnv;
import ick.protocol.Json;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;
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
 * The web UI in a real browser (headless chromium): login through ick's issuer (authorization code + PKCE,
 * driven by WildFly's OIDC client), the pages while a build runs, the build graph, live log, download, build
 * now and cancel for admins, 403 for a viewer's forged posts, a made-up view state, escaping, a browser without
 * JavaScript, the layout at a phone's and a desktop's width, logout, the idle session timeout. The test plays
 * the worker over HTTP. One admin and one viewer browser are logged in once for the class.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UiIT {
    private static final List<String> WORKER_SCOPES = List.of("uapi_workers_post", "uapi_work_get",
            "uapi_work_id_output_post", "uapi_work_id_result_post");
    private static final String SCRIPT = "<script>window.pwned=1</script>";
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final String WORKER = "uiw-" + ID;
    private static final Pattern VIEW_STATE = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");

    private static Browser admin;
    private static Browser viewer;
    private static Api worker;

    private final Api api = Api.admin();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String project = "ui-" + id;

    @Deployment(name = "ick", order = 1, testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    /** The UI is a top-level deployment beside the EAR (its OIDC login needs a security domain of its own). */
    @Deployment(name = "ui", order = 2, testable = false)
    static WebArchive ui() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ick.it.ui.war")));
    }

    @AfterAll
    static void closeBrowsers() {
        Browser.closeAll(admin, viewer);
    }

    @Test
    void anAdminBuildsWatchesTheLogLiveAndCancels() {
        defineProject("hello");
        Browser browser = admin();
        browser.driver().get(TestEnv.baseUrl() + "/ui/project.xhtml?name=" + project);
        browser.driver().findElement(By.id("adminBuild:buildNow")).click();
        browser.waiting(20).until(ExpectedConditions.urlContains("/ui/build.xhtml"));
        assertThat(buildCount()).isEqualTo(1);

        JsonNode first = worker().claimFor(project);
        // marks this page: if it were reloaded, the mark would be gone
        browser.driver().executeScript("window.ickMark = 'still here';");
        output(first, 0, "first line\n");
        browser.waiting(20).until(d -> browser.text("log").contains("first line"));
        output(first, 1, "second line\n");
        browser.waiting(20).until(d -> browser.text("log").contains("second line"));
        assertThat(browser.driver().executeScript("return window.ickMark;")).isEqualTo("still here");
        assertThat(browser.driver().findElements(By.cssSelector("#graph g.node"))).isNotEmpty();

        browser.driver().findElement(By.id("adminCancel:cancel")).click();
        browser.waiting(20).until(d -> browser.text("build-state").equals("cancelled"));
        assertThat(buildState(project, 1)).isEqualTo("cancelled");
        assertThat(browser.has("adminCancel")).as("no cancel button for an ended build").isFalse();
    }

    /**
     * One build of a project whose two pipelines run side by side and feed a third, held half way by the test's
     * worker: the dashboard, workers, project and build pages show it; then it ends, and the action table, the
     * log download and the project's paged builds are read.
     */
    @Test
    void whileABuildRunsEveryPageShowsItAndItsGraphHasTheNeeds() {
        defineJoin();
        long number = api.trigger(project);
        Api worker = worker();
        JsonNode workspace = worker.claimFor(project);
        assertThat(workspace.get("index").asInt()).isZero();
        finish(workspace);
        JsonNode side = worker.claimFor(project);
        output(side, 0, "one side\n" + SCRIPT + "\n");
        finish(side);
        JsonNode other = worker.claimFor(project);
        assertThat(Set.of(side.get("index").asInt(), other.get("index").asInt())).containsExactlyInAnyOrder(1, 2);
        String running = project + "/" + number;

        Browser browser = admin();
        browser.driver().get(TestEnv.baseUrl() + "/ui/");
        WebElement row = projectRow(browser);
        assertThat(row.findElement(By.cssSelector("td:nth-child(2)")).getText()).isEqualTo("#" + number);
        assertThat(row.findElement(By.cssSelector("td:nth-child(3)")).getText()).isEqualTo("building");
        assertThat(browser.driver().findElements(By.cssSelector("ul.running li")).stream().map(WebElement::getText))
                .anyMatch(text -> text.startsWith(running + " building"));
        assertThat(Integer.parseInt(browser.text("workers-count"))).isPositive();
        assertThat(browser.text("workers-online")).contains(WORKER);
        browser.screenshot("dashboard");

        browser.driver().get(TestEnv.baseUrl() + "/ui/workers.xhtml");
        List<String> cells = browser.driver().findElements(By.cssSelector("#workers tr[data-name='" + WORKER + "'] td"))
                .stream().map(WebElement::getText).toList();
        assertThat(cells).hasSize(5);
        assertThat(cells.get(0)).isEqualTo(WORKER);
        assertThat(cells.get(1)).isEqualTo("[ui]");
        assertThat(cells.get(2)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
        assertThat(cells.get(3)).isEqualTo(running + " action " + other.get("index").asInt());
        assertThat(cells.get(4)).isEqualTo("online");

        browser.driver().get(TestEnv.baseUrl() + "/ui/build.xhtml?project=" + project + "&number=" + number);
        JsonNode actions = Api.json(api.get("/api/v1/projects/" + project + "/builds/" + number + "/actions"));
        assertThat(actions).hasSize(4);
        Set<String> states = new HashSet<>();
        int needs = 0;
        for (JsonNode action : actions) {
            String state = action.get("state").asText();
            states.add(state);
            needs += action.get("needs").size();
            WebElement node = browser.driver().findElement(By.cssSelector("#graph g.node[data-index='"
                    + action.get("index").asInt() + "']"));
            assertThat(node.getAttribute("class")).isEqualTo("node node-" + state);
            assertThat(node.findElement(By.cssSelector("text.node-state")).getText()).isEqualTo(state);
        }
        assertThat(states).containsExactlyInAnyOrder("succeeded", "building", "blocked");
        assertThat(actions.get(3).get("needs").toString()).isEqualTo("[1,2]"); // the join needs both sides
        assertThat(needs).isEqualTo(4); // 0→1, 0→2, 1→3, 2→3
        assertThat(browser.driver().findElements(By.cssSelector("#graph line.edge"))).hasSize(needs);
        assertThat(browser.text("log")).contains(SCRIPT);
        browser.screenshot("build");

        finish(other);
        finish(worker.claimFor(project));
        await().atMost(Duration.ofSeconds(20)).until(() -> buildState(project, number).equals("succeeded"));
        browser.driver().navigate().refresh();
        assertThat(browser.text("build-state")).isEqualTo("succeeded");
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("#actions tbody tr"));
        assertThat(rows).hasSize(4);
        for (WebElement tr : rows) {
            List<WebElement> td = tr.findElements(By.tagName("td"));
            assertThat(td.get(4).getText()).as(tr.getText()).isEqualTo("succeeded");
            assertThat(td.get(6).getText()).as(tr.getText()).matches("\\d+s|\\d+m \\d\\ds");
        }

        Map<String, Object> log = browser.fetch(browser.driver().findElement(By.id("download")).getAttribute("href"));
        assertThat(log.get("status")).isEqualTo(200L);
        assertThat(log.get("disposition")).isEqualTo("attachment; filename=\"" + project + "-" + number + ".log\"");
        assertThat((String) log.get("body")).contains("one side\n" + SCRIPT + "\n");

        buildsBeyondAPage(browser, number);
    }

    /** The project page: parameters and pipelines, and a second page of builds behind "Older". */
    private void buildsBeyondAPage(Browser browser, long first) {
        int pageSize = 20; // ProjectPage.PAGE_SIZE
        for (int i = 0; i < pageSize; i++) {
            long n = api.trigger(project);
            HttpResponse<String> cancel = api.post("/api/v1/projects/" + project + "/builds/" + n + "/cancel", "");
            assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        }
        browser.driver().get(TestEnv.baseUrl() + "/ui/project.xhtml?name=" + project);
        assertThat(browser.text("parameters")).contains("greeting", "hello", "level", "3");
        assertThat(browser.driver().findElements(By.cssSelector("ol.pipelines li")).stream().map(WebElement::getText))
                .containsExactly(project + "-left (1 actions)", project + "-right (1 actions)",
                        project + "-join (1 actions, needs [" + project + "-left, " + project + "-right])");
        assertThat(buildNumbers(browser)).hasSize(pageSize).startsWith("#" + (first + pageSize)).endsWith("#" + (first + 1));
        assertThat(browser.driver().findElements(By.linkText("Newer"))).isEmpty();
        browser.driver().findElement(By.linkText("Older")).click();
        browser.waiting(20).until(ExpectedConditions.urlContains("page=1"));
        assertThat(buildNumbers(browser)).containsExactly("#" + first);
        assertThat(browser.driver().findElement(By.cssSelector("#builds tbody tr td:nth-child(2)")).getText())
                .isEqualTo("succeeded");
        assertThat(browser.driver().findElements(By.linkText("Older"))).isEmpty();
        assertThat(browser.driver().findElements(By.linkText("Newer"))).hasSize(1);
    }

    private static List<String> buildNumbers(Browser browser) {
        return browser.driver().findElements(By.cssSelector("#builds tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
    }

    /**
     * The build page's live log (server-sent events) sends a log of more slices (about a MiB each) than the
     * server has LogFollowing beans, then the end. Each slice used to be read inside the call that read the one
     * before: the stream stopped when the beans ran out, and log pages waited minutes for one.
     */
    @Test
    void aLongLogStreamsSliceAfterSliceToTheEnd() throws Exception {
        defineProject("hello");
        long number = api.trigger(project);
        JsonNode action = worker().claimFor(project);
        int chunks = beanPoolSize() + 2;
        String chunk = "x".repeat((1 << 20) - 1) + "\n"; // a slice ends with the chunk that starts before 1 MiB
        for (int seq = 0; seq < chunks; seq++) {
            outputText(action, seq, chunk);
        }
        finish(action);
        api.post("/api/v1/projects/" + project + "/builds/" + number + "/cancel", "");

        PlainLogin login = PlainLogin.as("sse-" + id, user("sse", "viewer"));
        var events = login.lines("/ui/log-stream?project=" + project + "&number=" + number + "&offset=0");
        assertThat(events.statusCode()).isEqualTo(200);
        long[] counts = new long[3]; // log events, characters x, end events
        CompletableFuture.runAsync(() -> events.body().forEach(line -> {
            if (line.equals("event: log")) {
                counts[0]++;
            } else if (line.startsWith("data: x")) {
                counts[1] += line.length() - "data: ".length();
            } else if (line.equals("event: end")) {
                counts[2]++;
            }
        })).get(120, TimeUnit.SECONDS);
        assertThat(counts[0]).as("log events").isGreaterThanOrEqualTo(chunks);
        assertThat(counts[1]).isEqualTo((long) chunks * ((1 << 20) - 1));
        assertThat(counts[2]).isEqualTo(1);
    }

    /**
     * A log longer than a page holds: while it runs, the followed log keeps its end only and counts what it
     * dropped; once it has ended, the page shows its head and its tail, and how much lies between.
     */
    @Test
    void aLongLogShowsItsHeadAndTailAndTheFollowedLogKeepsItsEnd() {
        defineProject("hello");
        long number = api.trigger(project);
        JsonNode action = worker().claimFor(project);
        output(action, 0, "the very first line\n");
        Browser browser = viewer();
        browser.driver().get(TestEnv.baseUrl() + "/ui/build.xhtml?project=" + project + "&number=" + number);
        browser.waiting(20).until(d -> browser.text("log").contains("the very first line"));
        assertThat(browser.has("log-head")).as("a short log is shown whole").isFalse();
        assertThat(browser.driver().findElement(By.id("log-gap")).isDisplayed()).isFalse();

        StringBuilder mib = new StringBuilder();
        for (int line = 0; mib.length() < (1 << 20); line++) {
            mib.append(String.format("line %07d of a long log, padded to be read by nobody ..................%n", line));
        }
        for (int seq = 1; seq <= 6; seq++) {
            outputText(action, seq, mib.toString());
        }
        output(action, 7, "the very last line\n");
        browser.waiting(60).until(d -> logText(browser).contains("the very last line"));
        String followed = logText(browser);
        assertThat(followed.length()).as("the followed log's length").isLessThanOrEqualTo(512 * 1024);
        assertThat(followed).doesNotContain("the very first line").endsWith("the very last line\n");
        long dropped = Long.parseLong(browser.text("log-omitted"));
        assertThat(dropped).isGreaterThan(5L * mib.length());

        finish(action);
        browser.driver().navigate().refresh();
        assertThat(browser.text("log-head")).contains("the very first line");
        // the tail: the last 192 Ki characters, the controller's closing lines after the last output
        assertThat(logText(browser)).contains("the very last line\n").hasSizeLessThanOrEqualTo(192 * 1024);
        long logSize = Api.json(api.get("/api/v1/projects/" + project + "/builds/" + number)).get("logSize").asLong();
        assertThat(Long.parseLong(browser.text("log-omitted"))).isEqualTo(logSize - 256 * 1024);
        assertThat(browser.driver().findElement(By.cssSelector("#log-gap a")).getAttribute("href"))
                .contains("log?project=" + project + "&number=" + number);
    }

    private static String logText(Browser browser) {
        return (String) browser.driver().executeScript("return document.getElementById('log').textContent;");
    }

    /** Output as the worker sends most of it: plain text, up to a few MiB a call. */
    private static void outputText(JsonNode action, int seq, String text) {
        HttpResponse<String> r = Api.send(worker().request(Api.workPath(action, "output") + "&seq=" + seq)
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(text)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    /** How many beans of one stateless EJB the server pools at most. */
    private static int beanPoolSize() throws IOException {
        try (ModelControllerClient management = management()) {
            ModelNode op = new ModelNode();
            op.get("operation").set("read-attribute");
            op.get("address").add("subsystem", "ejb3").add("strict-max-bean-instance-pool", "slsb-strict-max-pool");
            op.get("name").set("derived-size");
            ModelNode result = management.execute(op);
            assertThat(result.get("outcome").asString()).as(result.toString()).isEqualTo("success");
            return result.get("result").asInt();
        }
    }

    private static ModelControllerClient management() {
        return ModelControllerClient.Factory.create("remote+http", InetAddress.getLoopbackAddress(),
                Integer.parseInt(System.getProperty("ick.it.http.port", "8180")) - 8080 + 9990);
    }

    @Test
    void aViewerSeesNoButtonsAndForgedPostsAreForbidden() {
        defineProject("hello");
        Browser browser = viewer();
        browser.driver().get(TestEnv.baseUrl() + "/ui/project.xhtml?name=" + project);
        assertThat(browser.text("project-name")).isEqualTo(project);
        assertThat(browser.has("adminBuild")).isFalse();
        assertThat(browser.forgedPost("adminBuild", "adminBuild:buildNow")).isEqualTo(403L);
        assertThat(buildCount()).isZero();

        long number = api.trigger(project);
        await().atMost(Duration.ofSeconds(20)).until(() -> buildState(project, number).equals("building"));
        try {
            browser.driver().get(TestEnv.baseUrl() + "/ui/build.xhtml?project=" + project + "&number=" + number);
            assertThat(browser.text("build-state")).isEqualTo("building");
            assertThat(browser.has("adminCancel")).isFalse();
            assertThat(browser.forgedPost("adminCancel", "adminCancel:cancel")).isEqualTo(403L);
            assertThat(buildState(project, number)).as("the build keeps running").isEqualTo("building");
        } finally {
            api.post("/api/v1/projects/" + project + "/builds/" + number + "/cancel", "");
        }
    }

    /**
     * Against cross-site requests: a post needs the view state of a page the session opened (a made-up one is an
     * error and changes nothing), and the session cookie is SameSite, so another site's form does not carry it.
     */
    @Test
    void aMadeUpViewStateChangesNothingAndTheSessionCookieIsSameSite() {
        defineProject("hello");
        String user = "csrf-" + id;
        PlainLogin login = PlainLogin.as(user, user("csrf", "admin"));
        assertThat(login.setCookies()).filteredOn(c -> c.startsWith("JSESSIONID=") && !c.startsWith("JSESSIONID=;"))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c).contains("; HttpOnly", "; SameSite=Lax"));

        String page = "/ui/project.xhtml?name=" + project;
        HttpResponse<String> form = login.get(page);
        assertThat(form.body()).contains("adminBuild:buildNow");
        Map<String, String> post = new HashMap<>(Map.of("adminBuild", "adminBuild", "adminBuild:buildNow", "Build now",
                "jakarta.faces.ViewState", "-4409813227906712134:3297115498331226540"));
        HttpResponse<String> forged = login.post(page, PlainLogin.form(post));
        assertThat(forged.statusCode()).as("the client's error, not the server's").isEqualTo(400);
        assertThat(forged.body()).contains("Nothing was changed").doesNotContain("Exception");
        assertThat(buildCount()).isZero();

        // the same post with the page's own view state builds: what the made-up one lacked was only that
        Matcher state = VIEW_STATE.matcher(form.body());
        assertThat(state.find()).isTrue();
        post.put("jakarta.faces.ViewState", state.group(1));
        HttpResponse<String> real = login.post(page, PlainLogin.form(post));
        assertThat(real.statusCode()).isEqualTo(302);
        assertThat(real.headers().firstValue("Location").orElseThrow()).endsWith("/ui/build.xhtml?project=" + project + "&number=1");
        assertThat(buildCount()).isEqualTo(1);
        api.post("/api/v1/projects/" + project + "/builds/1/cancel", "");
    }

    /** Text that people and builds write (parameter values, log lines) is shown as text and never run. */
    @Test
    void userTextIsShownAsTextAndNeverRuns() {
        defineProject(SCRIPT);
        long number = api.trigger(project);
        Browser browser = admin();
        browser.driver().get(TestEnv.baseUrl() + "/ui/project.xhtml?name=" + project);
        assertThat(browser.text("parameters")).contains(SCRIPT);

        browser.driver().get(TestEnv.baseUrl() + "/ui/build.xhtml?project=" + project + "&number=" + number);
        JsonNode action = worker().claimFor(project);
        output(action, 0, "live " + SCRIPT + "\n");
        browser.waiting(20).until(d -> browser.text("log").contains("live " + SCRIPT));
        assertThat(browser.driver().executeScript("return window.pwned === undefined;")).isEqualTo(true);

        browser.driver().navigate().refresh(); // now the server writes the log into the page
        assertThat(browser.text("log")).contains("live " + SCRIPT);
        assertThat(browser.driver().findElements(By.cssSelector("#log *"))).isEmpty();
        assertThat(browser.driver().executeScript("return window.pwned === undefined;")).isEqualTo(true);
        assertThat(browser.driver().getPageSource()).contains("live &lt;script&gt;");
        finish(action);
        api.post("/api/v1/projects/" + project + "/builds/" + number + "/cancel", "");
    }

    @Test
    void withoutJavaScriptAnAdminLogsInBuildsAndReadsTheLog() {
        defineProject("hello");
        String user = "nojs-" + id;
        String password = user("nojs", "admin");
        try (Browser browser = Browser.withoutJavaScript()) {
            browser.driver().get("data:text/html,<title>no script</title><script>document.title = 'script ran'</script>");
            assertThat(browser.driver().getTitle()).isEqualTo("no script");

            browser.login(user, password);
            browser.driver().get(TestEnv.baseUrl() + "/ui/project.xhtml?name=" + project);
            browser.driver().findElement(By.id("adminBuild:buildNow")).click();
            browser.waiting(20).until(ExpectedConditions.urlContains("/ui/build.xhtml"));
            assertThat(buildCount()).isEqualTo(1);
            JsonNode action = worker().claimFor(project);
            output(action, 0, "read without script\n");
            finish(action);
            browser.driver().navigate().refresh();
            assertThat(browser.text("log")).contains("read without script");
            assertThat(browser.text("build-state")).isEqualTo("building");
            browser.driver().findElement(By.id("adminCancel:cancel")).click();
            browser.waiting(20).until(ExpectedConditions.urlContains("/ui/build.xhtml"));
            // the build ends a moment after the cancel: without script, the person reloads to see it
            browser.waiting(20).until(d -> {
                d.navigate().refresh();
                return browser.text("build-state").equals("cancelled");
            });
            assertThat(browser.has("adminCancel")).isFalse();
        }
    }

    @Test
    void everyPageFitsAPhoneAndADesktop() {
        defineJoin();
        long number = api.trigger(project);
        Browser browser = viewer();
        browser.assertPagesFit(List.of("", "workers.xhtml", "project.xhtml?name=" + project,
                "build.xhtml?project=" + project + "&number=" + number));
        api.post("/api/v1/projects/" + project + "/builds/" + number + "/cancel", "");
        browser.driver().get(TestEnv.baseUrl() + "/ui/");
        browser.phone();
        browser.screenshot("dashboard-phone");
        browser.desktop();
    }

    @Test
    void aWrongPasswordIsRefusedAndLogoutEndsTheSession() {
        String password = user("lou", "viewer");
        try (Browser browser = new Browser()) {
            browser.driver().get(TestEnv.baseUrl() + "/ui/");
            browser.waiting(20).until(ExpectedConditions.urlContains("/authorize"));
            browser.driver().findElement(By.id("username")).sendKeys("lou-" + id);
            browser.driver().findElement(By.id("password")).sendKeys("not the password");
            browser.driver().findElement(By.id("login")).click();
            // the click returns before the answer is shown: read the page once it has come
            browser.waiting(20).until(d -> d.getPageSource().contains("Wrong user name or password"));
            assertThat(browser.has("user")).isFalse();

            browser.login("lou-" + id, password);
            browser.driver().findElement(By.id("logout:logoutButton")).click();
            browser.waiting(20).until(ExpectedConditions.presenceOfElementLocated(By.id("logged-out")));
            browser.driver().get(TestEnv.baseUrl() + "/ui/workers.xhtml");
            browser.waiting(20).until(ExpectedConditions.urlContains("/authorize"));
            assertThat(browser.has("password")).isTrue();
        }
    }

    /**
     * The idle timeout is read when a session starts ({@code ick.ui.session-timeout-seconds}); this test sets it
     * short on the running server through the management API, for the sessions it starts meanwhile.
     */
    @Test
    void anIdleSessionExpiresAndThePageItLeftChangesNothing() throws Exception {
        defineProject("hello");
        String password = user("ida", "admin");
        int timeout = 8;
        try (ModelControllerClient management = management(); Browser browser = new Browser()) {
            setSessionTimeout(management, timeout);
            try {
                browser.login("ida-" + id, password);
                browser.driver().get(TestEnv.baseUrl() + "/ui/project.xhtml?name=" + project);
                assertThat(browser.has("adminBuild")).isTrue();
                Thread.sleep((timeout + 3) * 1000L);

                // the form of the expired session, with its view state: asks for a login, triggers nothing
                browser.driver().findElement(By.id("adminBuild:buildNow")).click();
                browser.waiting(20).until(ExpectedConditions.urlContains("/authorize"));
                assertThat(browser.has("password")).isTrue();
                assertThat(buildCount()).isZero();

                browser.driver().get(TestEnv.baseUrl() + "/ui/workers.xhtml");
                browser.waiting(20).until(ExpectedConditions.urlContains("/authorize"));
                assertThat(browser.has("user")).isFalse();
                browser.driver().findElement(By.id("username")).sendKeys("ida-" + id);
                browser.driver().findElement(By.id("password")).sendKeys(password);
                browser.driver().findElement(By.id("login")).click();
                browser.waiting(20).until(ExpectedConditions.presenceOfElementLocated(By.id("user")));
                assertThat(browser.driver().getCurrentUrl()).contains("/ui/workers.xhtml");
                assertThat(buildCount()).as("logging in again does not replay the old post").isZero();
            } finally {
                management.execute(operation("remove", "ick.ui.session-timeout-seconds"));
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static Browser admin() {
        if (admin == null) {
            admin = loggedIn("ada-" + ID, "admin");
        }
        return admin;
    }

    private static Browser viewer() {
        if (viewer == null) {
            viewer = loggedIn("vic-" + ID, "viewer");
        }
        return viewer;
    }

    private static Browser loggedIn(String user, String role) {
        String password = "pw-" + user;
        putUser(user, password, role);
        Browser browser = new Browser();
        browser.login(user, password);
        assertThat(browser.text("user")).isEqualTo(user);
        return browser;
    }

    /** User NAME-id with {@code role}; its password. */
    private String user(String name, String role) {
        String password = "pw-" + name + "-" + id;
        putUser(name + "-" + id, password, role);
        return password;
    }

    private static void putUser(String user, String password, String role) {
        HttpResponse<String> r = Api.admin().put("/api/v1/users/" + user,
                "{\"password\": \"" + password + "\", \"role\": \"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        assertThat(r.body()).doesNotContain(password);
    }

    /** The test's worker, registered once for the class with label {@code ui}. */
    private static Api worker() {
        if (worker == null) {
            worker = Api.client(WORKER, "secret-" + WORKER, WORKER_SCOPES);
            assertThat(worker.post("/api/v1/workers", "{\"labels\": [\"ui\"]}").statusCode()).isEqualTo(200);
        }
        return worker;
    }

    private void defineProject(String greeting) {
        makeItSo(Map.of("projects", List.of(Map.of("project", project, "parameters", Map.of("greeting", greeting),
                        "pipelines", List.of(project + "-pipe"))),
                "pipelines", List.of(Map.of("pipeline", project + "-pipe", "parameters", List.of("greeting"),
                        "actions", List.of(Map.of("shell", "echo one"), Map.of("shell", "echo two"))))));
    }

    /** Pipelines left and right side by side, join after both. */
    private void defineJoin() {
        List<Object> pipelines = new ArrayList<>();
        pipelines.add(Map.of("pipeline", project + "-left", "actions", List.of(Map.of("shell", "echo left"))));
        pipelines.add(Map.of("pipeline", project + "-right", "needs", List.of(),
                "actions", List.of(Map.of("shell", "echo right"))));
        pipelines.add(Map.of("pipeline", project + "-join", "needs", List.of(project + "-left", project + "-right"),
                "parameters", List.of("greeting", "level"), "actions", List.of(Map.of("shell", "echo join"))));
        makeItSo(Map.of("projects", List.of(Map.of("project", project,
                        "parameters", Map.of("greeting", "hello", "level", 3),
                        "pipelines", List.of(project + "-left", project + "-right", project + "-join"))),
                "pipelines", pipelines));
    }

    private void makeItSo(Map<String, Object> file) {
        HttpResponse<String> r = api.post("/api/v1/make-it-so", Json.mapper().valueToTree(file).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String buildState(String name, long number) {
        return Api.json(api.get("/api/v1/projects/" + name + "/builds/" + number)).get("state").asText();
    }

    private int buildCount() {
        return Api.json(api.get("/api/v1/projects/" + project + "/builds")).size();
    }

    private WebElement projectRow(Browser browser) {
        return browser.driver().findElement(By.xpath("//table[@id='projects']//tr[td/a[text()='" + project + "']]"));
    }

    private static void output(JsonNode action, int seq, String text) {
        String body = Json.mapper().createObjectNode().put("seq", seq).put("data", text).toString();
        HttpResponse<String> r = worker().post(Api.workPath(action, "output"), body);
        assertThat(r.statusCode()).as(r.body()).isIn(200, 204);
    }

    private static void finish(JsonNode action) {
        HttpResponse<String> r = worker().post(Api.workPath(action, "result"), "{\"exitCode\": 0}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    private static void setSessionTimeout(ModelControllerClient management, int seconds) throws IOException {
        management.execute(operation("remove", "ick.ui.session-timeout-seconds")); // left over by an aborted run
        ModelNode add = operation("add", "ick.ui.session-timeout-seconds");
        add.get("value").set(Integer.toString(seconds));
        ModelNode result = management.execute(add);
        assertThat(result.get("outcome").asString()).as(result.toString()).isEqualTo("success");
    }

    private static ModelNode operation(String name, String property) {
        ModelNode op = new ModelNode();
        op.get("operation").set(name);
        op.get("address").add("system-property", property);
        return op;
    }
}

package ick.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestEnv;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web UI in a real browser (headless chromium): login through ick's issuer (authorization code + PKCE,
 * driven by WildFly's OIDC client), the pages, live log, build now and cancel for admins, 403 for a viewer's
 * forged post, escaping, logout, the idle session timeout. The test plays the worker over HTTP.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UiIT {
    private static final List<String> WORKER_SCOPES = List.of("uapi_workers_post", "uapi_work_get",
            "uapi_work_id_output_post", "uapi_work_id_result_post");
    private static final String SCRIPT = "<script>window.pwned=1</script>";

    private final Api admin = Api.admin();
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

    private String user(String name, String role) {
        String password = "pw-" + name + "-" + id;
        HttpResponse<String> r = admin.put("/api/v1/users/" + name + "-" + id,
                "{\"password\": \"" + password + "\", \"role\": \"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        assertThat(r.body()).doesNotContain(password);
        return password;
    }

    private void defineProject() {
        String file = """
                {"projects": [{"project": "%1$s", "parameters": {"greeting": "%3$s"}, "pipelines": ["pipe-%2$s"]}],
                 "pipelines": [{"pipeline": "pipe-%2$s", "parameters": ["greeting"],
                                "actions": [{"shell": "echo one"}, {"shell": "echo two"}]}]}
                """.formatted(project, id, SCRIPT);
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private Api worker() {
        Api worker = Api.client("uiw-" + id, "secret-uiw-" + id, WORKER_SCOPES);
        assertThat(worker.post("/api/v1/workers", "{\"labels\": [\"ui\"]}").statusCode()).isEqualTo(200);
        return worker;
    }

    private int buildCount() {
        return Api.json(admin.get("/api/v1/projects/" + project + "/builds")).size();
    }

    @Test
    void anAdminBuildsWatchesTheLogLiveAndCancels() {
        defineProject();
        String password = user("ada", "admin");
        Api worker = worker();
        try (Browser browser = new Browser()) {
            browser.login("ada-" + id, password);
            assertThat(browser.text("user")).isEqualTo("ada-" + id);

            browser.driver().get(TestEnv.baseUrl() + "/ui/project.xhtml?name=" + project);
            assertThat(browser.text("parameters")).contains(SCRIPT); // shown as text, not run
            browser.driver().findElement(By.id("adminBuild:buildNow")).click();
            browser.waiting(20).until(ExpectedConditions.urlContains("/ui/build.xhtml"));
            assertThat(buildCount()).isEqualTo(1);

            JsonNode first = worker.claimFor(project);
            // marks this page: if it were reloaded, the mark would be gone
            browser.driver().executeScript("window.ickMark = 'still here';");
            worker.post("/api/v1/work/" + first.get("actionId").asLong() + "/output",
                    "{\"seq\": 0, \"data\": \"first line " + SCRIPT.replace("\"", "\\\"") + "\\n\"}");
            browser.waiting(20).until(d -> browser.text("log").contains("first line " + SCRIPT));
            worker.post("/api/v1/work/" + first.get("actionId").asLong() + "/output", "{\"seq\": 1, \"data\": \"second line\\n\"}");
            browser.waiting(20).until(d -> browser.text("log").contains("second line"));
            assertThat(browser.driver().executeScript("return window.ickMark;")).isEqualTo("still here");
            assertThat(browser.driver().executeScript("return window.pwned === undefined;")).isEqualTo(true);
            assertThat(browser.driver().findElements(By.cssSelector("#graph g.node"))).isNotEmpty();
            browser.screenshot("build");

            browser.driver().findElement(By.id("adminCancel:cancel")).click();
            browser.waiting(20).until(d -> browser.text("build-state").equals("cancelled"));
            assertThat(Api.json(admin.get("/api/v1/projects/" + project + "/builds/1")).get("state").asText())
                    .isEqualTo("cancelled");
            assertThat(browser.has("adminCancel")).as("no cancel button for an ended build").isFalse();

            browser.driver().get(TestEnv.baseUrl() + "/ui/");
            assertThat(browser.text("projects")).contains(project);
            browser.screenshot("dashboard");
            browser.driver().manage().window().setSize(new Dimension(390, 844));
            browser.driver().navigate().refresh();
            Object overflow = browser.driver().executeScript(
                    "return document.documentElement.scrollWidth > window.innerWidth + 1;");
            assertThat(overflow).as("the dashboard fits a phone's width").isEqualTo(false);
            browser.screenshot("dashboard-phone");
        }
    }

    @Test
    void aViewerSeesNoButtonsAndAForgedPostIsForbidden() {
        defineProject();
        String password = user("vic", "viewer");
        try (Browser browser = new Browser()) {
            browser.login("vic-" + id, password);
            browser.driver().get(TestEnv.baseUrl() + "/ui/project.xhtml?name=" + project);
            assertThat(browser.text("project-name")).isEqualTo(project);
            assertThat(browser.has("adminBuild")).isFalse();

            // the post the admin's button would make, with this page's own view state
            Object status = browser.driver().executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const state = document.querySelector("input[name='jakarta.faces.ViewState']").value;
                    const body = new URLSearchParams({"adminBuild": "adminBuild", "adminBuild:buildNow": "Build now",
                                                      "jakarta.faces.ViewState": state});
                    fetch(location.href, {method: "POST", body: body, credentials: "same-origin"})
                        .then(r => done(r.status), e => done(String(e)));
                    """);
            assertThat(status).isEqualTo(403L);
            assertThat(buildCount()).isZero();
        }
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
        defineProject();
        String password = user("ida", "admin");
        int timeout = 8;
        try (ModelControllerClient management = ModelControllerClient.Factory.create("remote+http",
                InetAddress.getLoopbackAddress(), Integer.parseInt(System.getProperty("ick.it.http.port", "8180")) - 8080 + 9990);
             Browser browser = new Browser()) {
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

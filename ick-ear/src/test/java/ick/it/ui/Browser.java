package ick.it.ui;

import ick.it.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless chromium driven by its chromedriver, with a fresh profile and no network chatter. */
final class Browser implements AutoCloseable {
    /** The desktop window every browser starts with; {@link #assertPagesFit} also tries a phone's width. */
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final Dimension PHONE = new Dimension(390, 844);
    /** Empty when the page fits the window; else the window's width, the page's, and what sticks out. */
    private static final String TOO_WIDE = """
            const width = window.innerWidth;
            if (document.readyState !== "complete") return "still loading";
            if (document.documentElement.scrollWidth <= width + 1) return "";
            const wide = [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest(".scroll"))
                .slice(0, 8)
                .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "")
                          + " right=" + Math.round(e.getBoundingClientRect().right));
            return "window " + width + ", page " + document.documentElement.scrollWidth + ": " + wide.join(", ");
            """;

    final ChromeDriver driver;
    private final Path profile;

    Browser() {
        this(true);
    }

    /** A browser whose pages run no script (chromedriver's own {@code executeScript} still works). */
    static Browser withoutJavaScript() {
        return new Browser(false);
    }

    private Browser(boolean javaScript) {
        try {
            profile = Files.createTempDirectory(TestEnv.itDir().toAbsolutePath().getParent(), "chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("ick.it.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
        if (!javaScript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("ick.it.chromedriver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(DESKTOP);
    }

    /** A wait that looks again when the live page replaced an element between finding and reading it. */
    WebDriverWait waiting(int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Opens the UI, which sends the browser to ick's login page, and logs in there. */
    void login(String user, String password) {
        driver.get(TestEnv.baseUrl() + "/ui/");
        waiting(20).until(ExpectedConditions.urlContains("/authorize"));
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        waiting(20).until(ExpectedConditions.presenceOfElementLocated(By.id("user")));
    }

    String text(String id) {
        try {
            return driver.findElement(By.id(id)).getText();
        } catch (org.openqa.selenium.WebDriverException e) {
            // chromedriver reports an element replaced by the page's next load so, not as a stale element: say it
            // is one, so that a wait (which ignores stale elements) looks again
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                throw new org.openqa.selenium.StaleElementReferenceException(e.getMessage(), e);
            }
            throw e;
        }
    }

    boolean has(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    /** GET of a URL relative to the current page, by the page's own fetch (so with its session): status, body, Content-Disposition. */
    @SuppressWarnings("unchecked")
    Map<String, Object> fetch(String url) {
        return (Map<String, Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: "same-origin"})
                    .then(r => r.text().then(t => done({status: r.status, body: t,
                                                        disposition: r.headers.get("Content-Disposition")})),
                          e => done({status: String(e)}));
                """, url);
    }

    /** The post an admin's button would make on the current page, with the page's own view state: its HTTP status. */
    Object forgedPost(String form, String button) {
        return driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const state = document.querySelector("input[name='jakarta.faces.ViewState']").value;
                const body = new URLSearchParams({[arguments[0]]: arguments[0], [arguments[1]]: "x",
                                                  "jakarta.faces.ViewState": state});
                fetch(location.href, {method: "POST", body: body, credentials: "same-origin"})
                    .then(r => done(r.status), e => done(String(e)));
                """, form, button);
    }

    /**
     * Each page (URLs under /ui/) fits a phone's width and a desktop's: nothing sticks out to the right except
     * inside a {@code .scroll} box, which scrolls by itself. The window is a desktop's again afterwards.
     */
    void assertPagesFit(List<String> pages) {
        try {
            for (Dimension size : List.of(PHONE, DESKTOP)) {
                driver.manage().window().setSize(size);
                for (String page : pages) {
                    driver.get(TestEnv.baseUrl() + "/ui/" + page);
                    String tooWide = tooWide();
                    if (!tooWide.isEmpty()) {
                        throw new AssertionError(page + " does not fit " + size.width + " px (tables and the graph"
                                + " scroll inside): " + tooWide);
                    }
                    if (!has("user")) {
                        throw new AssertionError(page + " did not show a page of the UI: " + driver.getCurrentUrl());
                    }
                    if (!driver.findElement(By.id("nav-notifications")).isDisplayed()) {
                        throw new AssertionError(page + " hides the navigation at " + size.width + " px");
                    }
                }
            }
        } finally {
            driver.manage().window().setSize(DESKTOP);
        }
    }

    /**
     * Empty when the page fits the window; else the window's width, the page's, and the elements wider than the
     * window. A loaded machine may lay the page out before the new window size reached it: it looks again for a
     * few seconds. A page that does not fit never will.
     */
    private String tooWide() {
        String tooWide = "";
        for (int i = 0; i < 20; i++) {
            tooWide = (String) driver.executeScript(TOO_WIDE);
            if (tooWide.isEmpty()) {
                return tooWide;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return tooWide;
    }

    /** Shows the current page at a phone's width for a screenshot; {@link #desktop} goes back. */
    void phone() {
        driver.manage().window().setSize(PHONE);
        driver.navigate().refresh();
    }

    void desktop() {
        driver.manage().window().setSize(DESKTOP);
    }

    /**
     * A screenshot into target/ui/; with {@code -Dick.it.update-docs=true} also into docs/ui/, the UI's pictures
     * (so that an ordinary test run leaves the work tree clean).
     */
    void screenshot(String name) {
        try {
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Path target = TestEnv.itDir().toAbsolutePath().getParent().resolve("ui").resolve(name + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
            if (Boolean.getBoolean("ick.it.update-docs")) {
                Path docs = TestEnv.repoRoot().resolve("docs/ui").resolve(name + ".png");
                Files.createDirectories(docs.getParent());
                Files.copy(shot, docs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Closes those of {@code browsers} that were opened (a class's shared browsers, some perhaps never needed). */
    static void closeAll(Browser... browsers) {
        for (Browser b : browsers) {
            if (b != null) {
                b.close();
            }
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind in target/ is harmless
        }
    }
}

package ick.it.ui;

import ick.it.TestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
    final ChromeDriver driver;
    private final Path profile;

    Browser() {
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
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("ick.it.chromedriver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
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
        return driver.findElement(By.id(id)).getText();
    }

    boolean has(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
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

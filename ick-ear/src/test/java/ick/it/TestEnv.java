package ick.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the integration tests find things. How to run them:
 * <pre>
 *   mvn -pl ick-ear -am install -DskipTests          # once: builds and provisions target/server
 *   mvn -pl ick-ear verify -Dit.test=VersionIT        # one IT class (failsafe), or all without -Dit.test
 * </pre>
 * Every IT is a black-box test over HTTP (and real processes) against the EAR deployed by Arquillian into
 * the provisioned WildFly, which talks to the PostgreSQL started by {@link TestDatabase}. An IT class
 * declares the deployment with {@code @Deployment(testable = false) static EnterpriseArchive ear() { return TestEnv.ear(); }}
 * and {@code @ExtendWith(ArquillianExtension.class) @RunAsClient}.
 */
public final class TestEnv {
    private TestEnv() {
    }

    public static EnterpriseArchive ear() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("ick.it.ear")));
    }

    /** The controller's base URL, e.g. {@code http://127.0.0.1:8180}. */
    public static String baseUrl() {
        return "http://127.0.0.1:" + System.getProperty("ick.it.http.port", "8180");
    }

    public static Path itDir() {
        return Path.of(System.getProperty("ick.it.dir", "target/it"));
    }

    public static String adminSecret() {
        try {
            return Files.readString(itDir().resolve("admin.secret")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shaded jar of the worker and icktool. */
    public static Path clientJar() {
        return Path.of(System.getProperty("ick.it.client.jar"));
    }

    public static Path repoRoot() {
        return Path.of(System.getProperty("ick.it.repo.root", ".."));
    }
}

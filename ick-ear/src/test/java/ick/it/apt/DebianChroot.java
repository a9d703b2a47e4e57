package ick.it.apt;

import ick.it.TestEnv;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away Debian chroot to install packages in, copied from the tests' debootstrap cache
 * ({@code ~/.cache/ick-test-systree/root/.systrees/bookworm}, the one SystreeIT and the worker's SandboxTest use;
 * made here with debootstrap from this machine's apt mirror if it is missing, which takes a few minutes once).
 * Needs root, as the tests have.
 */
public final class DebianChroot {
    private final Path root;

    private DebianChroot(Path root) {
        this.root = root;
    }

    /** A fresh copy of the cached tree at {@code root} (replacing what was there). */
    public static DebianChroot fresh(Path root) throws IOException, InterruptedException {
        run(List.of("rm", "-rf", root.toString()));
        Files.createDirectories(root.getParent());
        run(List.of("cp", "-a", cached().toString(), root.toString()));
        return new DebianChroot(root);
    }

    public Path root() {
        return root;
    }

    /** Runs a shell command inside the chroot; returns its exit code and output. */
    public Result sh(String script) throws IOException, InterruptedException {
        return exec(List.of("chroot", root.toString(), "/bin/sh", "-c", script));
    }

    public record Result(int exitCode, String output) {
    }

    /**
     * {@code apt-get update} and {@code apt-get install -y PACKAGES} from the test server's APT repository,
     * suite {@code suite}, alone (the mirror's sources are left out), with its key trusted as docs/install.md
     * says: downloaded from {@code /apt/ick-archive-keyring.gpg} and named by {@code signed-by}.
     */
    public Result aptInstallFromIck(String suite, String... packages) throws IOException, InterruptedException {
        Path keyring = Files.createDirectories(root.resolve("usr/share/keyrings")).resolve("ick-archive-keyring.gpg");
        HttpResponse<Path> key = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(TestEnv.baseUrl() + "/apt/ick-archive-keyring.gpg")).build(),
                HttpResponse.BodyHandlers.ofFile(keyring));
        if (key.statusCode() != 200) {
            throw new AssertionError("GET /apt/ick-archive-keyring.gpg: " + key.statusCode());
        }
        Files.writeString(root.resolve("etc/apt/sources.list.d/ick.list"), "deb [signed-by=/usr/share/keyrings/"
                + "ick-archive-keyring.gpg] " + TestEnv.baseUrl() + "/apt " + suite + " main\n");
        return sh("apt-get -o Dir::Etc::SourceList=/dev/null update && apt-get -o Dir::Etc::SourceList=/dev/null"
                + " install -y " + String.join(" ", packages));
    }

    /** Removes the tree. */
    public void remove() throws IOException, InterruptedException {
        run(List.of("rm", "-rf", root.toString()));
    }

    private static Path cached() throws IOException, InterruptedException {
        Path tree = Path.of(System.getProperty("user.home"), ".cache/ick-test-systree/root/.systrees/bookworm");
        if (!Files.isExecutable(tree.resolve("bin/bash"))) {
            String mirror = run(List.of("sh", "-c",
                    "awk '/^URIs:/ && !/security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources")).strip();
            Path building = tree.resolveSibling("bookworm.new-" + ProcessHandle.current().pid());
            run(List.of("debootstrap", "--variant=minbase", "bookworm", building.toString(), mirror));
            try {
                Files.move(building, tree);
            } catch (IOException e) {
                run(List.of("rm", "-rf", building.toString())); // made meanwhile by another test
            }
        }
        return tree;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Result r = exec(command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + r.output());
        }
        return r.output();
    }

    private static Result exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(900, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish: " + out);
        }
        return new Result(p.exitValue(), out);
    }
}

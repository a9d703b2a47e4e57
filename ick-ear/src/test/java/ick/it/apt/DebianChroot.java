package ick.it.apt;

import java.io.IOException;
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
final class DebianChroot {
    private final Path root;

    private DebianChroot(Path root) {
        this.root = root;
    }

    /** A fresh copy of the cached tree at {@code root} (replacing what was there). */
    static DebianChroot fresh(Path root) throws IOException, InterruptedException {
        run(List.of("rm", "-rf", root.toString()));
        Files.createDirectories(root.getParent());
        run(List.of("cp", "-a", cached().toString(), root.toString()));
        return new DebianChroot(root);
    }

    Path root() {
        return root;
    }

    /** Runs a shell command inside the chroot; returns its exit code and output. */
    Result sh(String script) throws IOException, InterruptedException {
        return exec(List.of("chroot", root.toString(), "/bin/sh", "-c", script));
    }

    record Result(int exitCode, String output) {
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

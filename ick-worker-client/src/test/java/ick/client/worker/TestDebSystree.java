package ick.client.worker;

import ick.protocol.ActionResult;
import ick.protocol.WorkItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Debian system tree of the {@code action: deb} tests: bookworm, minbase, with what building .debs needs
 * ({@link #PACKAGES}), made once with {@link DebootstrapAction} from the machine's own apt mirror and kept in
 * {@code ~/.cache/ick-test-deb-systree} (override: {@code ick.test.deb-systree-cache}); ick-ear's DebIT uses
 * the same directory. Making it takes minutes and needs the mirror; later runs reuse it. Tests work on a copy:
 * installing build-dependencies changes the tree.
 */
final class TestDebSystree {
    /** build-essential and devscripts (dch), debhelper so that the test packages' usual build-dependency is there. */
    static final List<String> PACKAGES = List.of("build-essential", "devscripts", "equivs", "debhelper");

    private TestDebSystree() {
    }

    static synchronized Path get() throws Exception {
        Path root = Path.of(System.getProperty("ick.test.deb-systree-cache",
                System.getProperty("user.home") + "/.cache/ick-test-deb-systree"));
        Path tree = root.resolve("bookworm");
        if (Files.isExecutable(tree.resolve("usr/bin/dpkg-buildpackage"))) {
            return tree;
        }
        // DebootstrapAction makes WORKSPACE_ROOT/.systrees/PROJECT: here root/.systrees/deb-tests
        Path temp = Files.createTempDirectory("ick-debootstrap-");
        WorkItem item = new WorkItem(1, "deb-tests/1", "deb-tests", 1, 0, Map.of("action", "debootstrap",
                "suite", "bookworm", "variant", "minbase", "packages", PACKAGES), Map.of());
        StringBuilder log = new StringBuilder();
        ActionResult result = new DebootstrapAction(new ActionContext(item, root.resolve("deb-tests"), temp,
                Duration.ofSeconds(5))).run(log::append);
        if (result.exitCode() != 0) {
            throw new IOException("cannot make the .deb test system tree with debootstrap (" + result.message()
                    + "); the tests of action: deb need the Debian mirror of this machine's apt configuration."
                    + " Last output:\n" + log.substring(Math.max(0, log.length() - 3000)));
        }
        Files.move(root.resolve(".systrees/deb-tests"), tree);
        return tree;
    }

    /** A private copy of the tree (a fast reflink where the file system has them). */
    static Path copy(Path target) throws Exception {
        Process cp = new ProcessBuilder("cp", "-a", "--reflink=auto", get().toString(), target.toString())
                .redirectErrorStream(true).start();
        String out = new String(cp.getInputStream().readAllBytes());
        if (cp.waitFor() != 0) {
            throw new IOException("cp -a failed: " + out);
        }
        return target;
    }
}

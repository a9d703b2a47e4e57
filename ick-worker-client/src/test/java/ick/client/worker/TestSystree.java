package ick.client.worker;

import ick.protocol.ActionResult;
import ick.protocol.WorkItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One Debian system tree for the tests (bookworm, minbase), made once with {@link DebootstrapAction} from the
 * machine's own apt mirror and kept in {@code ~/.cache/ick-test-systree} (override: {@code ick.test.systree-cache}).
 * Making it takes minutes and needs the mirror; later runs reuse it.
 */
final class TestSystree {
    static final String SUITE = "bookworm";

    private TestSystree() {
    }

    static synchronized Path get() throws Exception {
        Path root = Path.of(System.getProperty("ick.test.systree-cache",
                System.getProperty("user.home") + "/.cache/ick-test-systree"), "root");
        Path tree = root.resolve(".systrees").resolve(SUITE);
        if (Files.isExecutable(tree.resolve("bin/bash"))) {
            return tree;
        }
        Files.createDirectories(root);
        Path temp = Files.createTempDirectory("ick-debootstrap-");
        WorkItem item = new WorkItem(1, SUITE + "/1", SUITE, 1, 0,
                Map.of("action", "debootstrap", "suite", SUITE, "variant", "minbase"), Map.of());
        StringBuilder log = new StringBuilder();
        ActionResult result = new DebootstrapAction(new ActionContext(item, root.resolve(SUITE), temp,
                Duration.ofSeconds(5))).run(text -> log.append(text));
        if (result.exitCode() != 0) {
            throw new IOException("cannot make the test system tree with debootstrap (" + result.message()
                    + "); the tests of chroot and container actions need the Debian mirror of this machine's apt"
                    + " configuration. Last output:\n" + tail(log.toString()));
        }
        return tree;
    }

    private static String tail(String text) {
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }
}

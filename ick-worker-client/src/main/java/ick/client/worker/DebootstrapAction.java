package ick.client.worker;

import ick.protocol.ActionResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code action: debootstrap}: makes the project's system tree ({@code .systrees/PROJECT}) with Debian's
 * debootstrap, as root. Step keys: {@code suite} (default {@code bookworm}), {@code mirror} (default: the
 * first {@code URIs:} of the worker's own {@code /etc/apt/sources.list.d/*.sources}, else its
 * {@code sources.list}), {@code packages} (a list installed with {@code apt-get install} in the new tree
 * once debootstrap is done: debootstrap's own {@code --include} does not resolve virtual packages, so
 * {@code devscripts} fails with it, needing {@code perl-openssl-abi-3}), {@code variant} (default
 * {@code minbase}). The tree is built beside the old one and replaces it only when complete. Store it with
 * {@code archive: systree} so other builds and workers get it with {@code populate: systree}. On a root worker
 * each command runs in a PID namespace of its own, as a host action does ({@link ProcessTree#withOwnPids}), so
 * that a stop ends all of debootstrap's processes, even one that left its session.
 */
final class DebootstrapAction implements Action {
    private final ActionContext context;
    /** The debootstrap program: another one only in tests. */
    private final String debootstrap;
    private volatile ProcessTree tree;
    private volatile boolean stopped;

    DebootstrapAction(ActionContext context) {
        this(context, "debootstrap");
    }

    DebootstrapAction(ActionContext context, String debootstrap) {
        this.context = context;
        this.debootstrap = debootstrap;
    }

    @Override
    public ActionResult run(ActionOutput out) throws InterruptedException {
        Map<String, Object> step = context.item().step();
        String suite = text(step.get("suite"), "bookworm");
        String variant = text(step.get("variant"), "minbase");
        Optional<String> mirror = step.get("mirror") instanceof String m && !m.isBlank() ? Optional.of(m)
                : defaultMirror();
        if (mirror.isEmpty()) {
            return fail(out, "debootstrap: no mirror: give mirror: URL, or configure apt on the worker");
        }
        Path systree = BlobSteps.systree(context);
        Path building = systree.resolveSibling(systree.getFileName() + ".new");
        List<String> command = List.of(debootstrap, "--variant=" + variant, suite, building.toString(),
                mirror.get());
        List<String> packages = step.get("packages") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
        try {
            FileTrees.delete(building);
            Files.createDirectories(building.getParent());
            int exit = runLogged(command, out);
            if (exit != 0) {
                return fail(out, exit < 0 ? "stopped" : "debootstrap failed (exit " + exit + "); is the mirror "
                        + mirror.get() + " reachable?");
            }
            if (!packages.isEmpty()) {
                exit = runLogged(installCommand(building, packages), out);
                if (exit != 0) {
                    return fail(out, exit < 0 ? "stopped" : "debootstrap: installing " + String.join(" ", packages)
                            + " in the new tree failed (exit " + exit + ")");
                }
            }
            FileTrees.delete(systree);
            Files.move(building, systree);
            out.line("debootstrap: system tree of " + suite + " ready in " + systree);
            return new ActionResult(0, null);
        } catch (IOException e) {
            return fail(out, "debootstrap: " + e.getMessage() + " (is debootstrap installed? apt-get install debootstrap)");
        }
    }

    /**
     * {@code apt-get install} of {@code packages} in {@code root}, as root in a chroot with {@code /proc}
     * mounted (a private mount namespace, so the mount goes away with the process).
     */
    private static List<String> installCommand(Path root, List<String> packages) {
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t proc proc \"$1/proc\" && root=\"$1\" && shift"
                        + " && exec chroot \"$root\" /usr/bin/env DEBIAN_FRONTEND=noninteractive"
                        + " PATH=/usr/sbin:/usr/bin:/sbin:/bin apt-get install --yes --no-install-recommends \"$@\"",
                "sh", root.toString()));
        command.addAll(packages);
        return command;
    }

    /** Runs {@code command}, its output line by line to {@code out}; its exit code, or -1 if stopped. */
    private int runLogged(List<String> command, ActionOutput out) throws IOException, InterruptedException {
        out.line("debootstrap: " + String.join(" ", command));
        ProcessTree started;
        synchronized (this) {
            if (stopped) {
                return -1;
            }
            tree = ProcessTree.start(new ProcessBuilder(ProcessTree.withOwnPids(command)).redirectErrorStream(true));
            started = tree;
        }
        started.process().getOutputStream().close();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.process().getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.line(line);
            }
        }
        int exit = started.process().waitFor();
        return stopped ? -1 : exit;
    }

    /** The first mirror of the worker's apt configuration (deb822 first, then the one-line format). */
    static Optional<String> defaultMirror() {
        try (Stream<Path> files = Files.exists(Path.of("/etc/apt/sources.list.d"))
                ? Files.list(Path.of("/etc/apt/sources.list.d")) : Stream.empty()) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sources")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("URIs:") && !line.contains("security")) {
                        return Optional.of(line.substring(5).trim().split("\\s+")[0]);
                    }
                }
            }
            Path list = Path.of("/etc/apt/sources.list");
            if (Files.exists(list)) {
                for (String line : Files.readAllLines(list)) {
                    String[] words = line.trim().split("\\s+");
                    if (words.length >= 3 && words[0].equals("deb") && !line.contains("security")) {
                        return Optional.of(words[1].startsWith("[") ? words[2] : words[1]);
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String text(Object value, String fallback) {
        return value instanceof String s && !s.isBlank() ? s : fallback;
    }

    private static ActionResult fail(ActionOutput out, String message) {
        out.line(message);
        return new ActionResult(1, message);
    }

    @Override
    public void stop() {
        ProcessTree running;
        synchronized (this) {
            stopped = true;
            running = tree;
        }
        if (running != null) {
            try {
                running.terminate(context.stopGrace());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package ick.client.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a {@code shell:} or {@code python:} action runs when its step says {@code where: chroot} or
 * {@code where: container}: inside the project's system tree ({@link BlobSteps#systree}), with the
 * workspace at {@code /workspace} (the working directory) and the action's temp directory (script,
 * parameters) at {@code /ick}.
 * <ul>
 * <li>{@code chroot}: {@code unshare --mount} then {@code chroot}, as root, with the workspace, the temp
 *     directory and a fresh {@code /proc} mounted inside; the network, the host's processes and users are
 *     shared with the host. For trusted build steps that need a Debian userland, not for isolation.</li>
 * <li>{@code container}: bubblewrap ({@code bwrap}) with the system tree as {@code /}, fresh {@code /tmp},
 *     {@code /proc} and {@code /dev}, new namespaces for everything ({@code --unshare-all}: no network unless
 *     the step says {@code network: true}), {@code --die-with-parent}; none of the host's files are visible
 *     except the workspace and the action's temp directory.</li>
 * </ul>
 */
final class Sandbox {
    static final String INSIDE_WORKSPACE = "/workspace";
    static final String INSIDE_TEMP = "/ick";
    static final List<String> PLACES = List.of("chroot", "container");

    private final String where;
    private final boolean network;
    private final Path systree;
    private final ActionContext context;

    private Sandbox(String where, boolean network, Path systree, ActionContext context) {
        this.where = where;
        this.network = network;
        this.systree = systree;
        this.context = context;
    }

    /** The sandbox of the step, or null when it runs on the host. */
    static Sandbox of(ActionContext context) {
        Map<String, Object> step = context.item().step() == null ? Map.of() : context.item().step();
        Object where = step.getOrDefault("where", "host");
        if (!PLACES.contains(where)) {
            return null;
        }
        return new Sandbox((String) where, Boolean.TRUE.equals(step.get("network")), BlobSteps.systree(context),
                context);
    }

    /** Why the action cannot run here, or null if it can. */
    String problem() {
        if (!Files.isDirectory(systree)) {
            return "where: " + where + " needs the project's system tree (" + systree + "): make it first with"
                    + " action: debootstrap, or populate: systree";
        }
        String tool = where.equals("container") ? "bwrap" : "chroot";
        if (!onPath(tool)) {
            return "where: " + where + " needs " + tool + " on the worker (Debian: apt-get install "
                    + (tool.equals("bwrap") ? "bubblewrap" : "coreutils") + ")";
        }
        return null;
    }

    /** The command that runs {@code inside} (paths as seen inside) in the sandbox. */
    List<String> wrap(List<String> inside) throws IOException {
        List<String> command = new ArrayList<>();
        if (where.equals("container")) {
            command.addAll(List.of("bwrap", "--unshare-all"));
            if (network) {
                command.add("--share-net");
            }
            command.addAll(List.of("--die-with-parent", "--new-session",
                    "--bind", systree.toString(), "/",
                    "--bind", context.workspace().toString(), INSIDE_WORKSPACE,
                    "--ro-bind", context.tempDir().toString(), INSIDE_TEMP,
                    "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                    "--setenv", "HOME", "/root", "--setenv", "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "--chdir", INSIDE_WORKSPACE, "--"));
            if (network && Files.exists(Path.of("/etc/resolv.conf"))) {
                command.addAll(5, List.of("--ro-bind", "/etc/resolv.conf", "/etc/resolv.conf"));
            }
        } else {
            Path script = context.tempDir().resolve("chroot.sh");
            Files.writeString(script, """
                    set -e
                    root="$1"; workspace="$2"; temp="$3"; shift 3
                    mkdir -p "$root/workspace" "$root/ick" "$root/proc"
                    mount --bind "$workspace" "$root/workspace"
                    mount --bind "$temp" "$root/ick"
                    mount -t proc proc "$root/proc"
                    exec chroot "$root" /usr/bin/env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
                        HOME=/root /bin/sh -c 'cd /workspace && exec "$@"' sh "$@"
                    """);
            command.addAll(List.of("unshare", "--mount", "--propagation", "private", "sh", script.toString(),
                    systree.toString(), context.workspace().toString(), context.tempDir().toString()));
        }
        command.addAll(inside);
        return command;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }
}

package ick.client.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * <li>{@code container}: bubblewrap ({@code bwrap}) with the system tree as {@code /} (writable through an
 *     overlay whose writes are dropped when the action ends: {@link Tree#WRITABLE}), fresh {@code /tmp} (both
 *     in memory, each holding at most {@code container-tmpfs-size}: beyond, a write fails with ENOSPC),
 *     {@code /proc} and {@code /dev}, new namespaces for everything ({@code --unshare-all}: no network unless
 *     the step says {@code network: true}), {@code --die-with-parent}; none of the host's files are visible
 *     except the workspace and the action's temp directory.</li>
 * </ul>
 * Built-in actions may ask for a container of their own ({@link #container}): {@code action: deb} installs
 * build-dependencies in a <em>privileged</em> one (real root with all capabilities and no user namespace, as
 * dpkg must chown files to other users; only Debian's apt runs there) and builds in one whose system tree is
 * read-only, so the code of a repository cannot change the tree that the next privileged step trusts.
 */
final class Sandbox {
    static final String INSIDE_WORKSPACE = "/workspace";
    static final String INSIDE_TEMP = "/ick";
    static final List<String> PLACES = List.of("chroot", "container");

    /** How a container holds its system tree. */
    enum Tree {
        /**
         * Writable for the action alone, in a user namespace (the {@code where: container} of a step): an overlay
         * of the tree with a tmpfs over it, dropped when the action ends, so that the repository's code cannot
         * change the tree that a later privileged container runs (apt in {@code action: deb}). Needs the worker
         * to run as root (mounting the overlay); without root, the tree is read-only as in {@link #READ_ONLY}.
         */
        WRITABLE,
        /** Read-only, in a user namespace; {@code HOME} is {@code /tmp}. */
        READ_ONLY,
        /** Writable, as the real root with every capability and no user namespace: for installing packages. */
        PRIVILEGED
    }

    private final String where;
    private final boolean network;
    private final Path systree;
    private final ActionContext context;
    private final Tree tree;

    private Sandbox(String where, boolean network, Path systree, ActionContext context, Tree tree) {
        this.where = where;
        this.network = network;
        this.systree = systree;
        this.context = context;
        this.tree = tree;
    }

    /** The sandbox of the step, or null when it runs on the host. */
    static Sandbox of(ActionContext context) {
        Map<String, Object> step = context.item().step() == null ? Map.of() : context.item().step();
        Object where = step.getOrDefault("where", "host");
        if (!PLACES.contains(where)) {
            return null;
        }
        return new Sandbox((String) where, Boolean.TRUE.equals(step.get("network")), BlobSteps.systree(context),
                context, Tree.WRITABLE);
    }

    /** A container over the project's system tree, whatever the step says. */
    static Sandbox container(ActionContext context, boolean network, Tree tree) {
        return new Sandbox("container", network, BlobSteps.systree(context), context, tree);
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

    /** Whether the sandbox has a PID namespace of its own, which ends everything in it when the action ends. */
    boolean hasOwnPids() {
        return where.equals("container");
    }

    /** The command that runs {@code inside} (paths as seen inside) in the sandbox. */
    List<String> wrap(List<String> inside) throws IOException {
        List<String> command = new ArrayList<>();
        if (where.equals("container")) {
            Tree tree = this.tree == Tree.WRITABLE && !runsAsRoot() ? Tree.READ_ONLY : this.tree;
            Path root = systree;
            if (tree == Tree.WRITABLE) {
                root = context.tempDir().resolve("root");
                command.addAll(overlay(root));
            }
            command.add("bwrap");
            if (tree == Tree.PRIVILEGED) {
                command.addAll(List.of("--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try",
                        "--cap-add", "ALL"));
                if (!network) {
                    command.add("--unshare-net");
                }
            } else {
                command.add("--unshare-all");
                if (network) {
                    command.add("--share-net");
                }
            }
            if (tree == Tree.READ_ONLY) { // bwrap cannot make the mount points in a read-only tree
                Files.createDirectories(systree.resolve(INSIDE_WORKSPACE.substring(1)));
                Files.createDirectories(systree.resolve(INSIDE_TEMP.substring(1)));
            }
            command.addAll(List.of("--die-with-parent", "--new-session",
                    tree == Tree.READ_ONLY ? "--ro-bind" : "--bind", root.toString(), "/"));
            // a read-only tree cannot get a mount point it lacks
            if (network && Files.exists(Path.of("/etc/resolv.conf")) && (tree != Tree.READ_ONLY
                    || Files.exists(systree.resolve("etc/resolv.conf"), LinkOption.NOFOLLOW_LINKS))) {
                command.addAll(List.of("--ro-bind", "/etc/resolv.conf", "/etc/resolv.conf"));
            }
            // /tmp as on any Debian system (1777): apt's unprivileged _apt user writes there
            command.addAll(List.of("--bind", context.workspace().toString(), INSIDE_WORKSPACE,
                    "--ro-bind", context.tempDir().toString(), INSIDE_TEMP,
                    "--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", tmpfsBytes(), "--tmpfs", "/tmp",
                    "--setenv", "HOME", tree == Tree.READ_ONLY ? "/tmp" : "/root",
                    "--setenv", "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "--chdir", INSIDE_WORKSPACE, "--"));
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

    /**
     * The start of a command that mounts, in a mount namespace of its own, the system tree read-only under a
     * tmpfs overlay at {@code root}, then runs the rest of the command (bwrap) there: the action's writes to
     * {@code /} go to memory and are gone with the namespace, the tree on disk is never written. The tmpfs holds
     * at most {@code container-tmpfs-size}: a write beyond fails with ENOSPC ("No space left on device") in the
     * step, rather than taking the host's memory. Relative paths in the overlay's options: no character of the
     * worker's paths (',', ':') can change them.
     */
    private List<String> overlay(Path root) throws IOException {
        Files.createDirectories(root);
        Path script = context.tempDir().resolve("overlay.sh");
        Files.writeString(script, """
                set -e
                tree="$1"; root="$2"; size="$3"; shift 3
                mount -t tmpfs -o "mode=0755,size=$size" ick-overlay "$root"
                cd "$root"
                mkdir lower upper work merged
                mount --bind -o ro "$tree" lower
                mount -t overlay ick-overlay -o lowerdir=lower,upperdir=upper,workdir=work merged
                mount --move merged "$root"
                exec "$@"
                """);
        return List.of("unshare", "--mount", "--propagation", "private", "sh", script.toString(),
                systree.toString(), root.toString(), tmpfsBytes());
    }

    /** The most a tmpfs of the container holds, in bytes. */
    private String tmpfsBytes() {
        return Long.toString(context.limits().containerTmpfsBytes());
    }

    /** Whether the worker runs as root, which mounting needs. */
    static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
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

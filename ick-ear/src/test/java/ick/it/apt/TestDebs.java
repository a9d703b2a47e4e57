package ick.it.apt;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tiny Debian packages made the way a build makes them, with dpkg's own tools: a native source package
 * ({@code dpkg-source -b}), one Architecture: all binary holding {@code /usr/share/NAME/hello.txt}
 * ({@code dpkg-gencontrol}, {@code dpkg-deb --build}), a .buildinfo and a .changes ({@code dpkg-genbuildinfo},
 * {@code dpkg-genchanges}); and PGP keys in GnuPG homes of their own to sign the .changes with.
 */
final class TestDebs {
    private TestDebs() {
    }

    /** A built upload: the .changes first, then the files it lists. */
    record Upload(String source, String version, Path dir, List<String> files) {
        Path changes() {
            return dir.resolve(files.get(0));
        }

        /** The upload as the API takes it: a flat tar of the .changes and its files. */
        byte[] tar() throws IOException {
            List<Entry> entries = new ArrayList<>();
            for (String name : files) {
                entries.add(new Entry(name, Files.readAllBytes(dir.resolve(name))));
            }
            return TestDebs.tar(entries);
        }
    }

    record Entry(String name, byte[] content) {
    }

    /** A PGP key (ed25519, no passphrase) in its own GnuPG home. */
    record Key(Path home, String fingerprint) {
        static Key make(Path home, String name) throws IOException, InterruptedException {
            if (!Files.exists(home.resolve("fingerprint"))) {
                Files.createDirectories(home);
                Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                run(home, home, "gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
                        "--quick-gen-key", name, "ed25519", "sign", "never");
                String colons = run(home, home, "gpg", "--batch", "--with-colons", "--list-secret-keys");
                String fpr = colons.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
                Files.writeString(home.resolve("fingerprint"), fpr);
            }
            return new Key(home, Files.readString(home.resolve("fingerprint")).strip());
        }

        String armoredPublicKey() throws IOException, InterruptedException {
            Path file = home.resolve("public.asc");
            run(home, home, "gpg", "--batch", "--yes", "--armor", "--output", file.toString(), "--export", fingerprint);
            return Files.readString(file);
        }

        /** Clear-signs {@code file} in place, as debsign does for a .changes. */
        void clearsign(Path file) throws IOException, InterruptedException {
            Path signed = file.resolveSibling(file.getFileName() + ".asc");
            run(home, file.getParent(), "gpg", "--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase", "",
                    "--local-user", fingerprint, "--clearsign", "--output", signed.toString(), file.toString());
            Files.move(signed, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        void stopAgent() throws IOException, InterruptedException {
            run(home, home, "gpgconf", "--kill", "gpg-agent");
        }
    }

    /** Builds source package {@code name} {@code version} (native) and its one binary in {@code work/name_version}. */
    static Upload build(Path work, String name, String version) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(work.resolve(name + "_" + version));
        Path tree = dir.resolve(name + "-" + version);
        Files.createDirectories(tree.resolve("debian/source"));
        Files.writeString(tree.resolve("debian/source/format"), "3.0 (native)\n");
        Files.writeString(tree.resolve("debian/control"), """
                Source: %1$s
                Section: misc
                Priority: optional
                Maintainer: ick tests <ick@ick.test>
                Standards-Version: 4.6.2

                Package: %1$s
                Architecture: all
                Description: a package that ick's tests built
                 It holds /usr/share/%1$s/hello.txt.
                """.formatted(name));
        Files.writeString(tree.resolve("debian/changelog"), """
                %s (%s) unstable; urgency=medium

                  * Built by ick's AptIT.

                 -- ick tests <ick@ick.test>  Wed, 25 Nov 2026 12:00:00 +0000
                """.formatted(name, version));
        Files.writeString(tree.resolve("debian/rules"), "#!/usr/bin/make -f\n%:\n\tdh $@\n");
        run(null, dir, "dpkg-source", "-b", tree.getFileName().toString());
        Files.createDirectories(tree.resolve("debian/tmp/DEBIAN"));
        Path root = Files.createDirectories(tree.resolve("debian/tmp/usr/share/" + name));
        Files.writeString(root.resolve("hello.txt"), "hello from " + name + " " + version + "\n");
        run(null, tree, "dpkg-gencontrol", "-p" + name, "-Pdebian/tmp");
        run(null, tree, "dpkg-deb", "--build", "debian/tmp", "..");
        run(null, tree, "dpkg-genbuildinfo");
        String changes = name + "_" + version + "_amd64.changes";
        run(null, tree, "dpkg-genchanges", "-sa", "-O../" + changes);
        List<String> files = new ArrayList<>(List.of(changes));
        boolean listing = false;
        for (String line : Files.readAllLines(dir.resolve(changes))) {
            if (line.startsWith("Checksums-Sha256:")) {
                listing = true;
            } else if (listing && line.startsWith(" ")) {
                files.add(line.strip().split("\\s+")[2]);
            } else {
                listing = false;
            }
        }
        return new Upload(name, version, dir, files);
    }

    static byte[] tar(List<Entry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry header = new TarArchiveEntry(e.name(), true);
                header.setSize(e.content().length);
                tar.putArchiveEntry(header);
                tar.write(e.content());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    /** Runs a command (with {@code GNUPGHOME} if given) and returns its output; fails the test if it fails. */
    static String run(Path gnupgHome, Path dir, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        if (gnupgHome != null) {
            builder.environment().put("GNUPGHOME", gnupgHome.toString());
        }
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}

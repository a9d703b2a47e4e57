package ick.apt;

import ick.identity.PrivateFiles;
import ick.protocol.AptRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The repository as Debian's reprepro keeps it in {@code DIR} ({@code conf/}, {@code db/}, and the published
 * {@code public/dists/}, {@code public/pool/}). One reprepro runs at a time per repository: callers queue, first
 * come first served, on a lock in this server and on a file lock ({@code DIR/ick.lock}) that other controllers
 * sharing the directory take too; reprepro's own lock then never refuses (it would only wait, for a reprepro
 * that an operator runs by hand).
 */
final class Reprepro {
    private static final String LIST_FORMAT = "${$type}\t${package}\t${version}\t${architecture}\t${$source}\n";

    private final Path base;
    private final Command command;
    private final ReentrantLock lock = new ReentrantLock(true);

    /** @param command runs with {@code GNUPGHOME} set to the repository key's home, so that reprepro can sign */
    Reprepro(Path base, Command command) {
        this.base = base;
        this.command = command;
    }

    /** Writes {@code conf/} for these suites, architectures and key, then exports (and signs) every index. */
    void configure(AptSettings settings, String fingerprint) throws IOException {
        Path conf = Files.createDirectories(base.resolve("conf"));
        exclusively(() -> {
            try {
                write(conf.resolve("distributions"),
                        Distributions.of(settings.suites(), settings.architectures(), fingerprint));
                write(conf.resolve("options"), Distributions.OPTIONS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return command.check(base, reprepro("export"));
        });
    }

    /**
     * {@code reprepro include SUITE CHANGES}, whatever the {@code Distribution:} of the .changes says, after
     * {@code check} was given the versions of {@code source} the suite has (and threw if they forbid it): both
     * under one lock, so that two uploads of one version cannot both pass the check.
     */
    Command.Result include(String suite, Path changes, String source, Consumer<Set<String>> check) {
        return exclusively(() -> {
            check.accept(sourceVersions(suite, source));
            return command.run(base, reprepro("--ignore=wrongdistribution", "include", suite, changes.toString()));
        });
    }

    /** What {@code suite} holds, sorted by name and architecture. */
    List<AptRepository.Package> list(String suite) {
        Command.Result result = exclusively(() -> command.check(base,
                reprepro("--list-format", LIST_FORMAT, "listmatched", suite, "*")));
        Set<AptRepository.Package> packages = new LinkedHashSet<>(); // an "all" package is in each architecture
        for (String line : result.output().lines().toList()) {
            String[] f = line.split("\t", -1);
            if (f.length == 5) {
                packages.add(new AptRepository.Package(f[1], f[2], f[0].equals("dsc") ? "source" : f[3], f[4]));
            }
        }
        List<AptRepository.Package> sorted = new ArrayList<>(packages);
        sorted.sort(Comparator.comparing(AptRepository.Package::name)
                .thenComparing(AptRepository.Package::architecture));
        return sorted;
    }

    /**
     * The versions of source package {@code source} (its own and those of its binaries) in {@code suite}; the
     * caller holds the lock. {@code source} is a checked Debian name, safe in reprepro's formula.
     */
    private Set<String> sourceVersions(String suite, String source) {
        return new TreeSet<>(command.check(base, reprepro("--list-format", "${$sourceversion}\n", "listfilter",
                suite, "$Source (== " + source + ")")).lines());
    }

    private List<String> reprepro(String... arguments) {
        List<String> line = new ArrayList<>(List.of("reprepro", "--basedir", base.toString(), "--waitforlock", "6"));
        line.addAll(List.of(arguments));
        return line;
    }

    /** Runs {@code work} when no other reprepro of this repository runs, here or in another controller. */
    private <T> T exclusively(Supplier<T> work) {
        lock.lock();
        try (FileChannel channel = FileChannel.open(base.resolve("ick.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            return work.get();
        } catch (IOException e) {
            throw new AptUnavailableException("cannot lock the repository " + base + ": " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private static void write(Path target, String text) throws IOException {
        PrivateFiles.write(target, text.getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--"), true);
    }
}

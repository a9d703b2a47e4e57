package ick.client.worker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files of an {@code action: deb} build: dpkg-buildpackage writes them beside the source directory and
 * lists them in the {@code .changes} file ({@code SOURCE_VERSION_ARCH.changes}), which is what is uploaded,
 * so the list is read from there rather than guessed from what lies in the directory (earlier builds' files).
 */
final class DebResults {
    /** What dpkg names its files: package, version without epoch, architecture, extension. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,99}");

    private DebResults() {
    }

    /** Deletes the {@code .changes} files an earlier build of the same version left, so that only this build's is found. */
    static void forgetEarlier(Path dir, DebVersions.Plan plan) throws IOException {
        for (Path old : changesFiles(dir, plan)) {
            Files.delete(old);
        }
    }

    /** The build's {@code .changes} file. */
    static Path changes(Path dir, DebVersions.Plan plan) throws IOException {
        List<Path> found = changesFiles(dir, plan);
        if (found.size() != 1) {
            throw new IOException("dpkg-buildpackage made " + (found.isEmpty() ? "no" : found.size()) + " "
                    + plan.filePrefix() + "_*.changes file(s) in " + dir);
        }
        return found.get(0);
    }

    /**
     * The files in the order to list them: the {@code .changes} first, then each file of its {@code Files:}
     * field, in its order.
     *
     * @throws IOException when a listed name is not a plain file name (no {@code /}) or the file is missing
     */
    static List<String> files(Path changes) throws IOException {
        List<String> names = new ArrayList<>();
        names.add(changes.getFileName().toString());
        boolean inFiles = false;
        for (String line : Files.readAllLines(changes)) {
            if (!line.startsWith(" ")) {
                inFiles = line.startsWith("Files:");
            } else if (inFiles && !line.isBlank()) {
                String[] fields = line.trim().split("\\s+"); // md5 size section priority name
                String name = fields[fields.length - 1];
                if (fields.length != 5 || !FILE_NAME.matcher(name).matches()) {
                    throw new IOException(changes.getFileName() + " lists a strange file: " + line.trim());
                }
                if (!Files.isRegularFile(changes.resolveSibling(name))) {
                    throw new IOException(changes.getFileName() + " lists " + name + ", which is not there");
                }
                names.add(name);
            }
        }
        if (names.size() == 1) {
            throw new IOException(changes.getFileName() + " lists no files");
        }
        return names;
    }

    private static List<Path> changesFiles(Path dir, DebVersions.Plan plan) throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, plan.filePrefix() + "_*.changes")) {
                files.forEach(found::add);
            }
        }
        return found;
    }
}

package ick.client.worker;

import ick.client.http.BlobClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The files of an {@code action: deb} build: dpkg-buildpackage writes them beside the source directory and
 * lists them in the {@code .changes} file ({@code SOURCE_VERSION_ARCH.changes}), which is what is uploaded,
 * so the list is read from there rather than guessed from what lies in the directory (earlier builds' files).
 * The build ran the repository's code, which could have left symbolic links to the worker's own files there:
 * so the {@code .changes} and its files must be regular files, are read without following links, and are
 * copied out of the workspace checked against the {@code .changes}'s {@code Checksums-Sha256} field.
 */
final class DebResults {
    /** What dpkg names its files: package, version without epoch, architecture, extension. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,99}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** A file of the {@code .changes}, with its size and SHA-256 from the {@code Checksums-Sha256} field. */
    record Listed(String name, long size, String sha256) {
    }

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
        requireRegularFile(found.get(0));
        return found.get(0);
    }

    /**
     * The files of the {@code .changes}'s {@code Files:} field, in its order.
     *
     * @param dir where the files are
     * @throws IOException when a listed name is not a plain file name (no {@code /}), the file is missing from
     *                     {@code dir} or not a regular file, or it has no {@code Checksums-Sha256} entry
     */
    static List<Listed> files(Path changes, Path dir) throws IOException {
        requireRegularFile(changes);
        List<String> lines;
        try (InputStream in = Files.newInputStream(changes, LinkOption.NOFOLLOW_LINKS)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        Map<String, Listed> checksums = checksums(changes, lines);
        List<Listed> files = new ArrayList<>();
        for (String line : field(lines, "Files:")) {
            String[] fields = line.trim().split("\\s+"); // md5 size section priority name
            String name = fields[fields.length - 1];
            if (fields.length != 5 || !FILE_NAME.matcher(name).matches()) {
                throw new IOException(changes.getFileName() + " lists a strange file: " + line.trim());
            }
            if (!Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(changes.getFileName() + " lists " + name + ", which is not there");
            }
            requireRegularFile(dir.resolve(name));
            if (!checksums.containsKey(name)) {
                throw new IOException(changes.getFileName() + " has no Checksums-Sha256 entry for " + name);
            }
            files.add(checksums.get(name));
        }
        if (files.isEmpty()) {
            throw new IOException(changes.getFileName() + " lists no files");
        }
        return files;
    }

    /** The names to list: the {@code .changes} first, then its files in order. */
    static List<String> names(Path changes, List<Listed> files) {
        List<String> names = new ArrayList<>(List.of(changes.getFileName().toString()));
        files.forEach(file -> names.add(file.name()));
        return names;
    }

    /**
     * Copies a file the {@code .changes} lists from {@code dir} into {@code into}, checked against its size
     * and SHA-256 there; the copy is what is uploaded, so that it is what was checked.
     */
    static Path copy(Path dir, Listed file, Path into) throws IOException {
        Path copy = copy(dir.resolve(file.name()), into);
        long size = Files.size(copy);
        String sha256 = BlobClient.sha256(copy);
        if (size != file.size() || !sha256.equals(file.sha256())) {
            throw new IOException(file.name() + " is not the file the .changes lists: it has " + size
                    + " bytes and SHA-256 " + sha256 + ", the .changes says " + file.size() + " bytes and "
                    + file.sha256());
        }
        return copy;
    }

    /** Copies a regular file into {@code into}, reading it without following a symbolic link. */
    static Path copy(Path file, Path into) throws IOException {
        requireRegularFile(file);
        Path copy = into.resolve(file.getFileName().toString());
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(in, copy);
        }
        return copy;
    }

    private static void requireRegularFile(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file.getFileName() + " is not a regular file (a symbolic link?): it is not"
                    + " uploaded");
        }
    }

    /** The {@code Checksums-Sha256} field's entries by name. */
    private static Map<String, Listed> checksums(Path changes, List<String> lines) throws IOException {
        Map<String, Listed> byName = new HashMap<>();
        for (String line : field(lines, "Checksums-Sha256:")) {
            String[] fields = line.trim().split("\\s+"); // sha256 size name
            if (fields.length != 3 || !SHA256.matcher(fields[0]).matches() || !fields[1].matches("[0-9]{1,18}")) {
                throw new IOException(changes.getFileName() + " has a strange checksum: " + line.trim());
            }
            byName.put(fields[2], new Listed(fields[2], Long.parseLong(fields[1]), fields[0]));
        }
        return byName;
    }

    /** The continuation lines of a field whose first line is {@code name} alone. */
    private static List<String> field(List<String> lines, String name) {
        List<String> values = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (!line.startsWith(" ")) {
                in = line.startsWith(name);
            } else if (in && !line.isBlank()) {
                values.add(line);
            }
        }
        return values;
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

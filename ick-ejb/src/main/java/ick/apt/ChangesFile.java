package ick.apt;

import ick.problem.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Debian {@code .changes} file, as far as the repository reads it before reprepro does: who the upload is
 * ({@code Source}, {@code Version}), for which architectures, and which files belong to it with their sizes
 * and SHA-256 ({@code Checksums-Sha256}). Parsed from the signed text only (what gpgv verified), never from
 * anything around the signature.
 *
 * @param source        the source package's name
 * @param version       its version
 * @param architectures the {@code Architecture} field's words ({@code source}, {@code all}, {@code amd64}...)
 * @param files         the files it lists, in its order
 */
record ChangesFile(String source, String version, List<String> architectures, List<FileEntry> files) {
    /** Debian policy 5.6.1: lower-case letters, digits, '+', '-', '.'; at least two characters. */
    static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9+.-]{1,99}");
    /** Debian policy 5.6.12: [epoch:]upstream[-revision], of alphanumerics and . + ~ - : */
    static final Pattern VERSION = Pattern.compile("([0-9]+:)?[0-9][A-Za-z0-9.+~:-]{0,99}");
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** One file of the upload. */
    record FileEntry(String name, long size, String sha256) {
    }

    ChangesFile {
        architectures = List.copyOf(architectures);
        files = List.copyOf(files);
    }

    /** Parses and checks the text, or says everything that is wrong with it (400). */
    static ChangesFile parse(String name, String text) {
        Map<String, String> fields = fields(text);
        List<String> errors = new ArrayList<>();
        String source = fields.getOrDefault("source", "").strip();
        if (!SOURCE.matcher(source).matches()) {
            errors.add(name + ": Source " + UploadNames.quote(source) + " is not a Debian source package name");
        }
        String version = fields.getOrDefault("version", "").strip();
        if (!VERSION.matcher(version).matches()) {
            errors.add(name + ": Version " + UploadNames.quote(version) + " is not a Debian version");
        }
        List<String> architectures = List.of(fields.getOrDefault("architecture", "").strip().split("\\s+"));
        if (architectures.get(0).isEmpty()) {
            errors.add(name + ": no Architecture");
        }
        List<FileEntry> files = new ArrayList<>();
        String checksums = fields.get("checksums-sha256");
        if (checksums == null || checksums.isBlank()) {
            errors.add(name + ": no Checksums-Sha256 (dpkg-genchanges writes it)");
        } else {
            for (String line : checksums.strip().lines().toList()) {
                String[] words = line.strip().split("\\s+");
                String problem = words.length != 3 ? "a line of Checksums-Sha256 is not \"SHA256 SIZE NAME\""
                        : !SHA256.matcher(words[0]).matches() ? "a SHA-256 in Checksums-Sha256 is malformed"
                        : !words[1].matches("[0-9]{1,18}") ? "a size in Checksums-Sha256 is malformed"
                        : UploadNames.problem(words[2]).orElse(null);
                if (problem != null) {
                    errors.add(name + ": " + problem);
                } else if (files.stream().anyMatch(f -> f.name().equals(words[2])) || words[2].equals(name)) {
                    errors.add(name + ": lists " + words[2] + " twice");
                } else {
                    files.add(new FileEntry(words[2], Long.parseLong(words[1]), words[0]));
                }
            }
            if (files.isEmpty() && errors.isEmpty()) {
                errors.add(name + ": lists no files");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("the .changes file is not valid", errors);
        }
        return new ChangesFile(source, version, architectures, files);
    }

    /** The RFC 822-style fields (lower-cased names); continuation lines are kept, one per line. */
    static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        String current = null;
        for (String line : text.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && current != null) {
                fields.merge(current, "\n" + line, String::concat);
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    current = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    fields.put(current, line.substring(colon + 1).strip());
                }
            }
        }
        return fields;
    }
}

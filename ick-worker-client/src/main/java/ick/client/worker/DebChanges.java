package ick.client.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Debian {@code .changes} file as {@code publish_debs} reads it: the source package, its version, and the
 * files it lists with their sizes and checksums ({@code Checksums-Sha256:} and {@code Files:}), which must
 * agree. Pure.
 */
record DebChanges(String source, String version, List<Entry> files) {
    /** A file name an upload may hold: a plain name as dpkg makes them, never a path. */
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,254}");
    private static final String SIGNED = "-----BEGIN PGP SIGNED MESSAGE-----";

    /** A file of the upload. */
    record Entry(String name, long size, String sha256, String md5) {
    }

    /**
     * Reads a {@code .changes}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static DebChanges parse(String text) {
        Map<String, String> fields = fields(unsigned(text));
        String source = required(fields, "Source").split(" ")[0];
        String version = required(fields, "Version");
        Map<String, String[]> sha256 = table(fields, "Checksums-Sha256", 3);
        Map<String, String[]> md5 = table(fields, "Files", 5);
        if (!sha256.keySet().equals(md5.keySet())) {
            throw new IllegalArgumentException("its Checksums-Sha256 and Files list different files");
        }
        List<Entry> files = new ArrayList<>();
        for (Map.Entry<String, String[]> e : sha256.entrySet()) {
            long size = size(e.getValue()[1], e.getKey());
            if (size != size(md5.get(e.getKey())[1], e.getKey())) {
                throw new IllegalArgumentException("its Checksums-Sha256 and Files give " + e.getKey() + " different sizes");
            }
            files.add(new Entry(e.getKey(), size, e.getValue()[0].toLowerCase(), md5.get(e.getKey())[0].toLowerCase()));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("it lists no files");
        }
        return new DebChanges(source, version, List.copyOf(files));
    }

    /** The text of a clear-signed file without its signature (an untrusted worker's signature means nothing). */
    static String unsigned(String text) {
        if (!text.startsWith(SIGNED)) {
            return text;
        }
        int body = text.indexOf("\n\n");
        int end = text.indexOf("\n-----BEGIN PGP SIGNATURE-----");
        if (body < 0 || end < body) {
            throw new IllegalArgumentException("its PGP signature wrapper is broken");
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.substring(body + 2, end + 1).split("\n", -1)) {
            out.append(line.startsWith("- ") ? line.substring(2) : line).append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    /** The upstream part of a Debian version: without epoch ({@code 1:}) and revision ({@code -1}). */
    static String upstream(String version) {
        String v = version.matches("\\d+:.*") ? version.substring(version.indexOf(':') + 1) : version;
        int dash = v.lastIndexOf('-');
        return dash > 0 ? v.substring(0, dash) : v;
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                if (!fields.isEmpty()) {
                    break; // one paragraph
                }
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (current == null) {
                    throw new IllegalArgumentException("it starts with a continuation line");
                }
                fields.merge(current, "\n" + line.strip(), String::concat);
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("line \"" + shorten(line) + "\" is not a field");
                }
                current = line.substring(0, colon);
                fields.put(current, line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("it has no " + name + ":");
        }
        return value.strip();
    }

    /** The lines of a multi-line field, by file name (the last column), each split in {@code columns}. */
    private static Map<String, String[]> table(Map<String, String> fields, String name, int columns) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : required(fields, name).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.strip().split("\\s+");
            String file = cells[cells.length - 1];
            if (cells.length != columns || !FILE_NAME.matcher(file).matches() || file.contains("..")) {
                throw new IllegalArgumentException("its " + name + " line \"" + shorten(line.strip())
                        + "\" is not CHECKSUM SIZE" + (columns == 5 ? " SECTION PRIORITY" : "") + " FILE");
            }
            rows.put(file, cells);
        }
        return rows;
    }

    private static long size(String text, String file) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the size of " + file + " is not a number: " + shorten(text));
        }
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}

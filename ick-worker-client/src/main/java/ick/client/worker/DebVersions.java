package ick.client.worker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version an {@code action: deb} build gets. The top entry of {@code debian/changelog} gives
 * {@code [EPOCH:]UPSTREAM[-REVISION]}.
 * <ul>
 * <li>A release build ({@code git_ref} is {@code refs/tags/release/VERSION}) keeps that version, and
 *     {@code VERSION} must be its {@code UPSTREAM}.</li>
 * <li>Any other build is a CI build, versioned {@code [EPOCH:]UPSTREAM+ciN-1} (build number {@code N}; a
 *     native version, without revision, gets {@code UPSTREAM+ciN}). dpkg sorts it above the release
 *     {@code UPSTREAM-REVISION} and every earlier CI build of it ({@code +ci41} &lt; {@code +ci42}, as digits
 *     compare as numbers), and below the next release ({@code 0.1.1-1}, {@code 0.2.0-1}), whose upstream
 *     version is higher. The changelog, not the commit's tags, gives {@code UPSTREAM}: so a CI build of the
 *     very commit of release tag {@code release/UPSTREAM} sorts above that release too (the caveat in
 *     docs/project-file.md).</li>
 * </ul>
 */
final class DebVersions {
    static final String RELEASE_REF_PREFIX = "refs/tags/release/";
    /** The first line of a changelog entry: {@code source (version) distributions; options}. */
    private static final Pattern HEAD = Pattern.compile("^([a-z0-9][a-z0-9+.-]+) \\(([^()\\s]+)\\)\\s.*");
    private static final Pattern VERSION = Pattern.compile("(?:([0-9]+):)?([0-9][A-Za-z0-9.+~:-]*?)(?:-([A-Za-z0-9.+~]+))?");

    private DebVersions() {
    }

    /**
     * A Debian version split into its parts.
     *
     * @param epoch    the epoch, or null
     * @param revision the Debian revision, or null for a native version
     */
    record Version(String epoch, String upstream, String revision) {
        static Version parse(String text) {
            Matcher m = VERSION.matcher(text);
            if (!m.matches() || (m.group(1) == null && m.group(2).contains(":"))) {
                throw new IllegalArgumentException("\"" + text + "\" is not a Debian version");
            }
            return new Version(m.group(1), m.group(2), m.group(3));
        }

        /** As written in a changelog, with the epoch. */
        @Override
        public String toString() {
            return (epoch == null ? "" : epoch + ":") + withoutEpoch();
        }

        /** As in file names: dpkg leaves the epoch out. */
        String withoutEpoch() {
            return upstream + (revision == null ? "" : "-" + revision);
        }
    }

    /**
     * What to build.
     *
     * @param source  the source package's name
     * @param version the version of the build
     * @param ci      whether it is a CI build (ick adds a changelog entry for its version) or a release
     */
    record Plan(String source, Version version, boolean ci) {
        /** The start of the names of the build's files: {@code SOURCE_VERSION} without epoch. */
        String filePrefix() {
            return source + "_" + version.withoutEpoch();
        }
    }

    /** The source name and version of the changelog's top entry, from its first line. */
    static Plan topEntry(String changelog) {
        String first = changelog.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        Matcher m = HEAD.matcher(first);
        if (!m.matches()) {
            throw new IllegalArgumentException("the first line of debian/changelog is not \"SOURCE (VERSION)"
                    + " DISTRIBUTION; urgency=...\": " + (first.length() > 100 ? first.substring(0, 100) : first));
        }
        return new Plan(m.group(1), Version.parse(m.group(2)), false);
    }

    /**
     * The plan of a build from the changelog's top entry.
     *
     * @param gitRef the build's {@code git_ref} parameter, or null
     * @throws IllegalArgumentException when a release tag does not match the changelog (the message says why)
     */
    static Plan plan(Plan top, String gitRef, long buildNumber) {
        if (gitRef != null && gitRef.startsWith(RELEASE_REF_PREFIX)) {
            String tagged = gitRef.substring(RELEASE_REF_PREFIX.length());
            if (!tagged.equals(top.version().upstream())) {
                throw new IllegalArgumentException("release tag release/" + tagged + " does not match debian/changelog,"
                        + " whose top entry is " + top.source() + " " + top.version() + " (upstream version "
                        + top.version().upstream() + "): tag release/" + top.version().upstream()
                        + ", or add a changelog entry for " + tagged);
            }
            return top;
        }
        return new Plan(top.source(), ciVersion(top.version(), buildNumber), true);
    }

    /** {@code [EPOCH:]UPSTREAM+ciN-1}, or {@code UPSTREAM+ciN} for a native version. */
    static Version ciVersion(Version version, long buildNumber) {
        return new Version(version.epoch(), version.upstream() + "+ci" + buildNumber,
                version.revision() == null ? null : "1");
    }
}

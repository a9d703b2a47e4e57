package ick.notify;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text of a build's notification mail: subject, plain-text body, attachment name. Pure, so that it is
 * tested without a mail server.
 *
 * @param compressed whether the attached log is gzip-compressed (it is above {@link #GZIP_ABOVE} bytes)
 */
public record MailContent(String subject, String body, String attachmentName, boolean compressed) {
    /** Logs larger than this many bytes are attached gzip-compressed. */
    public static final long GZIP_ABOVE = 1024 * 1024;

    public static MailContent of(BuildReport report) {
        var build = report.build();
        boolean compressed = report.logBytes() > GZIP_ABOVE;
        String attachment = build.project() + "-" + build.number() + ".log" + (compressed ? ".gz" : "");
        String subject = "[ick] " + build.project() + " #" + build.number() + " " + report.outcome().name();
        StringBuilder body = new StringBuilder();
        body.append("Project:  ").append(build.project()).append('\n');
        body.append("Build:    #").append(build.number()).append(" (").append(build.id()).append(")\n");
        body.append("Result:   ").append(report.outcome().name()).append('\n');
        body.append("Duration: ").append(duration(report.duration()))
                .append(" (triggered ").append(build.triggeredAt()).append(", ended ").append(build.endedAt()).append(")\n");
        if (report.failedAction() != null) {
            var a = report.failedAction();
            body.append("Failed:   action ").append(a.index()).append(" (").append(describe(a.step())).append(')')
                    .append(a.pipeline() == null ? "" : " of pipeline " + a.pipeline())
                    .append(", exit code ").append(a.exitCode()).append('\n');
        }
        body.append("Link:     ").append(report.url()).append("\n\n");
        body.append("The whole log (").append(size(report.logBytes())).append(") is attached as ").append(attachment);
        body.append(compressed ? ", gzip-compressed because it is over 1 MiB.\n\n" : ".\n\n");
        body.append(report.tail().isEmpty() ? "The log is empty.\n" : "The last " + report.tail().size()
                + " line" + (report.tail().size() == 1 ? "" : "s") + " of the log:\n\n");
        report.tail().forEach(line -> body.append(line).append('\n'));
        return new MailContent(subject, body.toString(), attachment, compressed);
    }

    /** A step in a few words: {@code shell: make test}, first line only, at most 60 characters. */
    static String describe(Map<String, Object> step) {
        String text = step.entrySet().stream().filter(e -> !e.getKey().equals("where"))
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            text = text.substring(0, newline) + " ...";
        }
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m " + s % 60 + "s";
        }
        return s / 3600 + "h " + s % 3600 / 60 + "m " + s % 60 + "s";
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}

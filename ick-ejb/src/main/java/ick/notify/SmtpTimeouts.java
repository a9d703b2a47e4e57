package ick.notify;

import jakarta.mail.Session;
import java.time.Duration;
import java.util.Properties;

/**
 * The managed mail session with time limits on connecting, reading and writing. Jakarta Mail waits forever by
 * default, so an SMTP server that accepts a connection and then says nothing would hold a sender (and its
 * notification's claim) until the claim runs out. WildFly's {@code server=smtp} resource has no attribute for
 * them, so they are added here to a copy of the managed session's properties; a value the operator set
 * (a {@code mail.smtp.*timeout} property) is kept.
 */
final class SmtpTimeouts {
    private SmtpTimeouts() {
    }

    static Session apply(Session managed, Duration limit) {
        Properties properties = new Properties();
        properties.putAll(managed.getProperties());
        String millis = Long.toString(limit.toMillis());
        for (String protocol : new String[] {"smtp", "smtps"}) {
            for (String kind : new String[] {"connectiontimeout", "timeout", "writetimeout"}) {
                properties.putIfAbsent("mail." + protocol + "." + kind, millis);
            }
        }
        return Session.getInstance(properties);
    }
}

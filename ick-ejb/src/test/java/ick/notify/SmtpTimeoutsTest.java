package ick.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmtpTimeoutsTest {
    @Test
    void aServerThatAcceptsAndSaysNothingIsGivenUpOnAfterTheLimit() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Properties properties = new Properties();
            properties.put("mail.smtp.host", "127.0.0.1");
            properties.put("mail.smtp.port", Integer.toString(silent.getLocalPort()));
            Session session = SmtpTimeouts.apply(Session.getInstance(properties), Duration.ofMillis(500));
            Thread acceptor = new Thread(() -> {
                try (Socket held = silent.accept()) {
                    Thread.sleep(10_000); // accepts, never greets
                } catch (Exception ignored) {
                    // closed by the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                }
            }).isInstanceOf(MessagingException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            acceptor.interrupt();
        }
    }

    @Test
    void keepsWhatTheOperatorSetAndCopiesTheRest() {
        Properties properties = new Properties();
        properties.put("mail.smtp.timeout", "1234");
        properties.put("mail.from", "ick@example.org");
        Session session = SmtpTimeouts.apply(Session.getInstance(properties), Duration.ofSeconds(60));
        assertThat(session.getProperty("mail.smtp.timeout")).isEqualTo("1234");
        assertThat(session.getProperty("mail.smtp.connectiontimeout")).isEqualTo("60000");
        assertThat(session.getProperty("mail.smtps.writetimeout")).isEqualTo("60000");
        assertThat(session.getProperty("mail.from")).isEqualTo("ick@example.org");
    }
}

package ick.notify;

import ick.build.LogPages;
import ick.build.LogText;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Sends a build's notification mail through the managed mail session: the text of {@link MailContent} and the
 * whole log attached. The log goes from the database to the SMTP connection a few chunks at a time (through a
 * temporary gzip file when it is large), never as one string.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MailSender {
    /** Log chunks read per query (each at most about 1 MiB). */
    private static final int PAGE = 8;

    @Resource(lookup = "java:jboss/mail/ick")
    Session managed;

    @EJB
    LogPages logs;

    private final NotifySettings settings = NotifySettings.fromConfig();

    private Session session;

    @PostConstruct
    void limitWaits() {
        session = SmtpTimeouts.apply(managed, settings.smtpTimeout());
    }

    public void send(Outbox.Claim claim, BuildReport report) throws MessagingException, IOException {
        MailContent content = MailContent.of(report);
        Path temp = null;
        try {
            DataSource log;
            if (content.compressed()) {
                temp = Files.createTempFile(tempDir(), "ick-log-", ".gz");
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp), 64 * 1024)) {
                    writeLog(claim.buildId(), out);
                }
                log = new FileSource(temp, "application/gzip", content.attachmentName());
            } else {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                writeLog(claim.buildId(), out);
                log = new ByteArrayDataSource(out.toByteArray(), "text/plain; charset=utf-8");
            }
            transmit(message(claim, content, log));
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private MimeMessage message(Outbox.Claim claim, MailContent content, DataSource log) throws MessagingException {
        String messageId = "<ick-notification-" + claim.id() + "@" + host() + ">";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId); // the same for every attempt: a repeat can be recognised
            }
        };
        message.setFrom(); // mail.from of the managed session
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(claim.target(), true));
        message.setSubject(content.subject(), "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(content.body(), "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(log));
        attachment.setFileName(content.attachmentName());
        attachment.setDisposition(MimeBodyPart.ATTACHMENT);
        // Said here so that Jakarta Mail does not read the whole log once more to choose an encoding.
        attachment.setHeader("Content-Transfer-Encoding", "base64");
        message.setContent(new MimeMultipart(text, attachment));
        message.saveChanges();
        return message;
    }

    private void transmit(MimeMessage message) throws MessagingException, IOException {
        try (Transport transport = session.getTransport()) {
            if (settings.smtpUser().isPresent()) {
                transport.connect(settings.smtpUser().get(), password());
            } else {
                transport.connect();
            }
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** The SMTP password, read from its file at each use (so that it can be changed without a restart). */
    private String password() throws IOException {
        if (settings.smtpPasswordFile().isEmpty()) {
            throw new IOException("ick.smtp.user is set but ick.smtp.password-file is not");
        }
        return Files.readString(Path.of(settings.smtpPasswordFile().get())).strip();
    }

    private void writeLog(long buildId, OutputStream out) throws IOException {
        long from = 0;
        while (true) {
            List<LogText.Piece> page = logs.page(buildId, from, PAGE);
            if (page.isEmpty()) {
                return;
            }
            for (LogText.Piece piece : page) {
                out.write(piece.text().getBytes(StandardCharsets.UTF_8));
                from = piece.end();
            }
        }
    }

    private String host() {
        String from = session.getProperty("mail.from");
        int at = from == null ? -1 : from.lastIndexOf('@');
        return at < 0 ? "ick" : from.substring(at + 1).replace(">", "");
    }

    private static Path tempDir() throws IOException {
        Path dir = Path.of(System.getProperty("jboss.server.temp.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(dir);
        return dir;
    }

    /** A file as an attachment, read as a stream when the message is written to the SMTP connection. */
    private record FileSource(Path file, String contentType, String name) implements DataSource {
        @Override
        public InputStream getInputStream() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}

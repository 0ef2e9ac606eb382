package io.encaisse.dunning.internal;

import io.encaisse.dunning.DunningProperties;
import io.encaisse.invoices.InvoiceId;
import io.encaisse.invoices.InvoiceStatus;
import io.encaisse.invoices.Receivables;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The bean behind route dunning.send: hands pending reminder emails to the configured mail endpoint.
 * An email is re-checked just before sending: if every invoice in it was paid meanwhile, it is cancelled.
 */
@Component("dunningMailer")
public class DunningMailer {

    public static final String CANCELLED = "dunningCancelled";
    public static final String EMAIL_ID = "dunningEmailId";
    private static final int BATCH = 50;
    private static final int MAX_ATTEMPTS = 10;

    private final DunningStore store;
    private final Receivables receivables;
    private final DunningProperties props;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    DunningMailer(DunningStore store, Receivables receivables, DunningProperties props, Clock clock) {
        this.store = store;
        this.receivables = receivables;
        this.props = props;
        this.clock = clock;
    }

    public List<UUID> pending() {
        return store.pendingEmails(BATCH, MAX_ATTEMPTS);
    }

    /** Body becomes the message: a MimeMessage for smtp(s) endpoints, the RFC 822 bytes (.eml) for anything else. */
    public void prepare(Exchange exchange) throws MessagingException, IOException {
        UUID id = exchange.getIn().getBody(UUID.class);
        exchange.setProperty(EMAIL_ID, id);
        Optional<DunningStore.PendingEmail> claimed = store.claim(id);
        if (claimed.isEmpty()) {
            exchange.setProperty(CANCELLED, true);
            return;
        }
        DunningStore.PendingEmail email = claimed.get();
        boolean stillDue = store.invoicesOfEmail(id).stream()
                .map(invoiceId -> receivables.invoice(new InvoiceId(invoiceId)))
                .flatMap(Optional::stream)
                .anyMatch(inv -> inv.status() == InvoiceStatus.OPEN || inv.status() == InvoiceStatus.PARTIALLY_PAID);
        if (!stillDue) {
            store.markCancelled(id, "Every invoice in this reminder was paid or cancelled before it was sent");
            exchange.setProperty(CANCELLED, true);
            return;
        }
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", email.messageId()); // stable across retries, so receivers can drop a resend
            }
        };
        message.setFrom(new InternetAddress(props.from()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(email.to()));
        if (email.cc() != null) {
            message.setRecipients(Message.RecipientType.CC, InternetAddress.parse(email.cc()));
        }
        message.setSubject(email.subject(), "UTF-8");
        message.setText(email.body(), "UTF-8");
        message.setHeader("Content-Language", email.language());
        message.setHeader("X-Encaisse-Dunning-Level", String.valueOf(email.level()));
        message.setSentDate(Date.from(clock.instant()));
        message.saveChanges();
        exchange.setProperty(CANCELLED, false);
        exchange.getIn().setHeader(Exchange.FILE_NAME, "reminder-" + id + ".eml");
        if (props.mailUri().startsWith("smtp")) {
            exchange.getIn().setBody(message);
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            exchange.getIn().setBody(out.toByteArray());
        }
    }

    public void sent(Exchange exchange) {
        store.markSent(exchange.getProperty(EMAIL_ID, UUID.class), clock.instant());
    }
}

package io.encaisse.dunning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.support.ApiClient;
import io.encaisse.support.HubTestBase;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Reminders through the real mail route to a real SMTP server (GreenMail). */
class DunningFlowTest extends HubTestBase {

    @Autowired
    Clock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    /** GreenMail keeps one copy per recipient: count distinct messages. */
    private List<MimeMessage> mailsTo(String address) throws Exception {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address))
                        && seen.add(m.getMessageID());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void remindsEachCustomerOncePerLevelInItsLanguageAndNeverForAPaidInvoice() throws Exception {
        ApiClient api = api();
        LocalDate today = LocalDate.now(clock);
        String fr = "C-FR-" + run;
        String en = "C-EN-" + run;
        String frMail = "compta-" + run.toLowerCase() + "@dupont.example";
        String enMail = "ap-" + run.toLowerCase() + "@acme.example";
        api.put("/api/v1/customers/" + fr, Map.of("name", "Dupont SARL", "billingEmail", frMail, "language", "fr",
                "currency", "EUR", "salesRep", Map.of("name", "Claire", "email", "claire-" + run.toLowerCase() + "@us.example")));
        api.put("/api/v1/customers/" + en, Map.of("name", "Acme Ltd", "billingEmail", enMail, "language", "en", "currency", "EUR"));
        // fr: one invoice 5 days late (level 1), one 40 days late (level 3); en: one 20 days late (level 2), one paid
        api.put("/api/v1/invoices/R" + run + "-1", invoice(fr, today.minusDays(35), today.minusDays(5), "100.00", null));
        api.put("/api/v1/invoices/R" + run + "-2", invoice(fr, today.minusDays(70), today.minusDays(40), "2500.00", null));
        api.put("/api/v1/invoices/R" + run + "-3", invoice(en, today.minusDays(50), today.minusDays(20), "300.00", null));
        api.put("/api/v1/invoices/R" + run + "-4", invoice(en, today.minusDays(50), today.minusDays(20), "999.00", "PAID"));
        api.put("/api/v1/invoices/R" + run + "-5", invoice(en, today.minusDays(10), today.plusDays(20), "400.00", null));

        ApiClient.Response first = api.post("/api/v1/dunning/runs", null);
        assertThat(first.status()).isEqualTo(201);
        List<String> noticed = first.json().get("newNotices").findValuesAsText("invoiceNumber");
        assertThat(noticed).contains("R" + run + "-1", "R" + run + "-2", "R" + run + "-3")
                .doesNotContain("R" + run + "-4", "R" + run + "-5");

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(frMail).size() == 1 && mailsTo(enMail).size() == 1);
        MimeMessage frMessage = mailsTo(frMail).get(0);
        assertThat(frMessage.getSubject()).startsWith("Dernière relance");
        String frBody = (String) frMessage.getContent();
        assertThat(frBody).contains("R" + run + "-1", "R" + run + "-2", "2 500,00 €");
        // the last level brings the sales rep in
        assertThat(frMessage.getRecipients(Message.RecipientType.CC)[0].toString()).contains("claire-");
        MimeMessage enMessage = mailsTo(enMail).get(0);
        assertThat(enMessage.getSubject()).startsWith("Second reminder");
        assertThat((String) enMessage.getContent()).contains("R" + run + "-3").doesNotContain("R" + run + "-4");

        JsonNode stage = api.get("/api/v1/customers/" + fr).json().get("dunning");
        assertThat(stage.get("level").asInt()).isEqualTo(3);

        // a second run the same day reminds nobody twice
        ApiClient.Response second = api.post("/api/v1/dunning/runs", null);
        assertThat(second.json().get("newNotices").findValuesAsText("invoiceNumber")).doesNotContain(
                "R" + run + "-1", "R" + run + "-2", "R" + run + "-3");
        Thread.sleep(2000); // give the send route a few ticks to prove it sends nothing more
        assertThat(mailsTo(frMail)).hasSize(1);
        assertThat(mailsTo(enMail)).hasSize(1);
    }

    private static Map<String, Object> invoice(String customer, LocalDate issue, LocalDate due, String amount, String status) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("customerId", customer, "issueDate", issue.toString(),
                "dueDate", due.toString(), "currency", "EUR", "amount", amount));
        if (status != null) {
            body.put("status", status);
        }
        return body;
    }
}

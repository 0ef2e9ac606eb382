package io.encaisse.crm;

import io.encaisse.support.TestPostgres;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.encaisse.crm.internal.AccountPush;
import io.encaisse.crm.salesforce.SalesforceEmulator;
import io.encaisse.invoices.CustomerData;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.CustomerView;
import io.encaisse.invoices.InvoiceData;
import io.encaisse.invoices.InvoiceNumber;
import io.encaisse.invoices.InvoiceView;
import io.encaisse.invoices.Receivables;
import io.encaisse.shared.Money;
import io.encaisse.support.HubTestBase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The whole CRM flow against {@link SalesforceEmulator}: ERP data through {@link Receivables}, events, the crm
 * listeners, route crm.push, the JSONata mapping, camel-salesforce, and back into crm_account_sync.
 * Its extra properties make a second Spring context (with its own PostgreSQL), closed after this class so that its
 * timers do not outlive the tests.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CrmIntegrationTest extends HubTestBase {

    static final List<String> ACCOUNT_FIELDS = List.of("Name", "Encaisse_Customer_Id__c", "Encaisse_Outstanding__c",
            "Encaisse_Overdue__c", "Encaisse_Oldest_Overdue_Days__c", "Encaisse_Payment_Status__c",
            "Encaisse_Last_Payment_Date__c", "Encaisse_Dunning_Level__c", "Encaisse_Currency__c",
            "Encaisse_Position_As_Of__c");
    /** Up before the Spring context starts: the properties below point the salesforce component at it. */
    static final SalesforceEmulator SF = new SalesforceEmulator()
            .withAccountFields(ACCOUNT_FIELDS.toArray(String[]::new))
            .withExternalIdField("Encaisse_Customer_Id__c")
            .start();
    static final String DB_URL = TestPostgres.jdbcUrl("crm_it");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SF::close, "salesforce-emulator")); // after the context
    }

    @DynamicPropertySource
    static void crmProperties(DynamicPropertyRegistry registry) {
        // its own PostgreSQL as an external datasource (see TestPostgres): production's datasource path
        registry.add("spring.datasource.url", () -> DB_URL);
        registry.add("spring.datasource.username", () -> "postgres");
        // only the routes under test: the shared context's bank.inbox must stay the only consumer of the SFTP inbox
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/error-handling.yaml,file:routes/crm.yaml");
        registry.add("encaisse.crm.enabled", () -> "true");
        registry.add("encaisse.crm.push-every", () -> "300");
        registry.add("camel.component.salesforce.login-url", SF::baseUrl);
        registry.add("camel.component.salesforce.client-id", SF::clientId);
        registry.add("camel.component.salesforce.client-secret", SF::clientSecret);
        registry.add("camel.component.salesforce.user-name", SF::username);
        registry.add("camel.component.salesforce.password", SF::password);
        registry.add("camel.component.salesforce.authentication-type", () -> "USERNAME_PASSWORD");
    }

    @Autowired
    Receivables receivables;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;
    @Autowired
    CamelContext camel;
    @Autowired
    AccountPush accountPush;

    LocalDate today() {
        return LocalDate.now(clock);
    }

    CustomerView customer(String ref) {
        return receivables.upsertCustomer(new CustomerRef(ref), new CustomerData(ref + " Industries", "ap@" + ref.toLowerCase()
                + ".test", "en", "EUR", List.of(), null, null)).value();
    }

    InvoiceView invoice(String ref, String number, String amount, LocalDate due) {
        return receivables.upsertInvoice(new InvoiceNumber(number), new InvoiceData(new CustomerRef(ref), due.minusDays(30), due,
                Money.of(amount, "EUR"), null, false, null)).value();
    }

    long upsertsFor(String ref) {
        return SF.requests().stream()
                .filter(r -> r.method().equals("PATCH") && r.path().endsWith("/sobjects/Account/Encaisse_Customer_Id__c/" + ref))
                .count();
    }

    Map<String, Object> syncRow(CustomerView c) {
        return jdbc.queryForMap("select * from crm_account_sync where customer_id = ?", c.id().value());
    }

    static BigDecimal amount(Map<String, Object> account, String field) {
        return (BigDecimal) account.get(field);
    }

    @Test
    void pushesEachPositionChangeToTheSalesforceAccount() throws InterruptedException {
        assertThat(camel.getRouteController().getRouteStatus("crm.push").isStarted()).isTrue();
        String ref = "CRM-" + UUID.randomUUID().toString().substring(0, 8);
        CustomerView c = customer(ref);
        InvoiceView late = invoice(ref, ref + "-1", "1200.00", today().minusDays(10));
        invoice(ref, ref + "-2", "650.40", today().plusDays(20));

        // 1. the Account is created with the position
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> account = SF.account(ref);
            assertThat(account).isNotNull();
            assertThat(amount(account, "Encaisse_Outstanding__c")).isEqualByComparingTo("1850.40");
            assertThat(amount(account, "Encaisse_Overdue__c")).isEqualByComparingTo("1200.00");
        });
        Map<String, Object> account = SF.account(ref);
        assertThat(account).containsEntry("Name", ref + " Industries")
                .containsEntry("Encaisse_Payment_Status__c", "Overdue")
                .containsEntry("Encaisse_Currency__c", "EUR")
                .containsEntry("Encaisse_Position_As_Of__c", today().toString())
                .containsEntry("Encaisse_Last_Payment_Date__c", null); // never paid: explicitly empty
        assertThat(amount(account, "Encaisse_Oldest_Overdue_Days__c")).isEqualByComparingTo("10");
        assertThat(amount(account, "Encaisse_Dunning_Level__c")).isEqualByComparingTo("0");
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(syncRow(c).get("status")));
        assertThat(syncRow(c)).containsEntry("crm_record_id", account.get("Id"));
        assertThat(syncRow(c).get("pushed_at")).isNotNull();
        // the external id travels in the URL only
        assertThat(SF.requests().stream().filter(r -> r.method().equals("PATCH")).map(r -> r.body()))
                .noneMatch(body -> body.contains("Encaisse_Customer_Id__c"));

        // 2. payment of the overdue invoice: a second upsert with the new figures
        tx.executeWithoutResult(s -> receivables.applyPayment(late.id(), Money.of("1200.00", "EUR"), today()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> paid = SF.account(ref);
            assertThat(amount(paid, "Encaisse_Overdue__c")).isEqualByComparingTo("0");
            assertThat(amount(paid, "Encaisse_Outstanding__c")).isEqualByComparingTo("650.40");
            assertThat(paid).containsEntry("Encaisse_Payment_Status__c", "Current")
                    .containsEntry("Encaisse_Last_Payment_Date__c", today().toString());
            assertThat(amount(paid, "Encaisse_Oldest_Overdue_Days__c")).isEqualByComparingTo("0");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(syncRow(c).get("status")));
        long pushes = upsertsFor(ref);
        assertThat(pushes).isGreaterThanOrEqualTo(2);

        // 3. an identical position is not pushed again (the daily refresh asks for every customer)
        long seq = (Long) syncRow(c).get("request_seq");
        assertThat(accountPush.refreshAll()).isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(syncRow(c).get("status"))
                && (Long) syncRow(c).get("request_seq") > seq);
        Thread.sleep(1000);
        assertThat(upsertsFor(ref)).isEqualTo(pushes);

        // 4. two 503 answers: the shared error handler redelivers, the change still arrives
        SF.failNextRequests(2);
        invoice(ref, ref + "-3", "99.60", today().plusDays(5));
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(amount(SF.account(ref), "Encaisse_Outstanding__c")).isEqualByComparingTo("750.00"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(syncRow(c).get("status")));
    }

    @Test
    void aFieldSalesforceRejectsFailsTheCustomerForGoodAndTheHubGoesOn() {
        int deadLettersBefore = jdbc.queryForObject("select count(*) from dead_letter where route_id = 'crm.push'", Integer.class);
        SF.withAccountFields(ACCOUNT_FIELDS.stream().filter(f -> !f.equals("Encaisse_Dunning_Level__c")).toArray(String[]::new));
        String ref = "CRM-BAD-" + UUID.randomUUID().toString().substring(0, 8);
        CustomerView c;
        try {
            c = customer(ref);
            invoice(ref, ref + "-1", "10.00", today().plusDays(3));

            await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(
                    jdbc.queryForList("select status from crm_account_sync where customer_id = ?", String.class, c.id().value())
                            .stream().findFirst().orElse(null)));
            assertThat((String) syncRow(c).get("last_error")).startsWith("INVALID_FIELD").contains("Encaisse_Dunning_Level__c");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "select reason from dead_letter where route_id = 'crm.push'", String.class))
                    .hasSizeGreaterThan(deadLettersBefore)
                    .anySatisfy(reason -> assertThat(reason).contains(ref, "INVALID_FIELD")));
            // no redelivery of a permanent rejection (one request per dead letter: the customer and its invoice may
            // have been two pushes), and no retry at the next ticks
            long attempts = upsertsFor(ref);
            assertThat(attempts).isBetween(1L, 2L);
            assertThat(jdbc.queryForObject("select count(*) from dead_letter where route_id = 'crm.push' and reason like ?",
                    Long.class, "%" + ref + "%")).isEqualTo(attempts);
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            assertThat(upsertsFor(ref)).isEqualTo(attempts);
            assertThat(syncRow(c)).containsEntry("status", "FAILED");
            assertThat(SF.account(ref)).isNull();
        } finally {
            SF.withAccountFields(ACCOUNT_FIELDS.toArray(String[]::new));
        }

        // the hub keeps running: other customers go through, and the next change of this one is pushed
        String other = "CRM-OK-" + UUID.randomUUID().toString().substring(0, 8);
        customer(other);
        invoice(other, other + "-1", "5.00", today().plusDays(3));
        invoice(ref, ref + "-2", "20.00", today().plusDays(3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(SF.account(other)).isNotNull();
            assertThat(SF.account(ref)).isNotNull();
            assertThat(amount(SF.account(ref), "Encaisse_Outstanding__c")).isEqualByComparingTo("30.00");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(syncRow(c).get("status")));
        assertThat(syncRow(c).get("last_error")).isNull();
    }
}

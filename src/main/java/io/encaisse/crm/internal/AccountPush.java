package io.encaisse.crm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encaisse.dunning.Dunning;
import io.encaisse.invoices.CustomerId;
import io.encaisse.invoices.CustomerPosition;
import io.encaisse.invoices.CustomerView;
import io.encaisse.invoices.Receivables;
import io.encaisse.shared.Hashes;
import io.encaisse.shared.PermanentFailure;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.springframework.stereotype.Component;

/**
 * The bean behind routes/crm.yaml: claims the customers whose Account needs a push, builds each one's position
 * document, skips a payload identical to the last one pushed, and records the outcome in crm_account_sync.
 */
@Component("crmAccountPush")
public class AccountPush {

    public static final String CLAIM = "crmClaim";
    public static final String PAYLOAD_HASH = "crmPayloadHash";
    public static final String UNCHANGED = "crmUnchanged";
    /** The header camel-salesforce reads the external id value from. */
    static final String SOBJECT_ID_VALUE = "sObjectIdValue";
    private static final int BATCH = 50;
    /**
     * How long a claimed customer is left alone by other ticks and instances. One instance never overlaps itself (the
     * timer waits for the batch), so this only keeps instances apart, and a push repeated after a lapsed lease is
     * harmless (upsert). It is also the delay before a customer whose push gave up (transient failure, crash) is
     * tried again.
     */
    static final Duration LEASE = Duration.ofMinutes(1);

    private final CrmSyncStore store;
    private final Receivables receivables;
    private final Dunning dunning;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    AccountPush(CrmSyncStore store, Receivables receivables, Dunning dunning, Clock clock) {
        this.store = store;
        this.receivables = receivables;
        this.dunning = dunning;
        this.clock = clock;
    }

    public List<CrmSyncStore.Claim> claim() {
        return store.claim(BATCH, clock.instant(), LEASE);
    }

    /** Body: a claim. Becomes: the customer's position document (JSON), with the external id value as header. */
    public void position(Exchange exchange) {
        CrmSyncStore.Claim claim = exchange.getIn().getBody(CrmSyncStore.Claim.class);
        exchange.setProperty(CLAIM, claim);
        CustomerId id = new CustomerId(claim.customerId());
        CustomerView customer = receivables.customer(id).orElseThrow(() -> {
            String reason = "Customer " + claim.customerRef() + " (" + id + ") is not in the ledger";
            store.markFailed(claim, reason);
            return new PermanentFailure(reason);
        });
        CustomerPosition position = receivables.position(id, LocalDate.now(clock));
        PositionDocument document = PositionDocument.of(customer, position, dunning.stageOf(id));
        exchange.getIn().setHeader(SOBJECT_ID_VALUE, customer.ref().value());
        exchange.getIn().setBody(document.toJson());
    }

    /** Body: the mapped Account JSON. Sets {@link #UNCHANGED} when it is exactly what the CRM already has. */
    public void compare(Exchange exchange) {
        CrmSyncStore.Claim claim = exchange.getProperty(CLAIM, CrmSyncStore.Claim.class);
        String body = exchange.getIn().getBody(String.class);
        if (body == null || body.isBlank() || body.equals("null")) {
            String reason = "The mapping produced no Account for customer " + claim.customerRef();
            store.markFailed(claim, reason);
            throw new PermanentFailure(reason);
        }
        String hash = Hashes.sha256Hex(body);
        exchange.setProperty(PAYLOAD_HASH, hash);
        boolean unchanged = store.find(claim.customerId())
                .map(row -> hash.equals(row.payloadHash()) && row.crmRecordId() != null)
                .orElse(false);
        if (unchanged) {
            store.markSent(claim, hash, null, null);
        }
        exchange.setProperty(UNCHANGED, unchanged);
    }

    /** Body: Salesforce's upsert answer ({"id": ..., "success": true, "created": ...}; empty on some updates). */
    public void sent(Exchange exchange) throws IOException {
        CrmSyncStore.Claim claim = exchange.getProperty(CLAIM, CrmSyncStore.Claim.class);
        String answer = exchange.getMessage().getBody(String.class);
        String recordId = null;
        if (answer != null && !answer.isBlank()) {
            JsonNode id = json.readTree(answer).path("id");
            recordId = id.isTextual() ? id.asText() : null;
        }
        store.markSent(claim, exchange.getProperty(PAYLOAD_HASH, String.class), recordId, clock.instant());
    }

    /**
     * The upsert failed (route crm.push, doCatch). A permanent rejection (see {@link SalesforceFailures}) makes the
     * row FAILED with Salesforce's reason, so the customer is not retried before its next change (or the daily
     * refresh), and then a PermanentFailure takes the exchange to the dead-letter record without redelivery, where
     * operations see it: recording only would hide a rejection that needs a person (a field missing in the org, a
     * mapping error), and retrying would not fix it. Anything else is thrown again as it came, for the shared error
     * handler to redeliver; the row stays PENDING meanwhile, so if redelivery gives up the customer is claimed again
     * once its lease is over ({@link #LEASE}).
     */
    public void failed(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (!SalesforceFailures.isPermanent(failure)) {
            throw failure;
        }
        CrmSyncStore.Claim claim = exchange.getProperty(CLAIM, CrmSyncStore.Claim.class);
        SalesforceException e = (SalesforceException) failure;
        String reason = SalesforceFailures.describe(e);
        store.markFailed(claim, reason);
        throw new PermanentFailure("Salesforce rejected the Account of customer " + claim.customerRef() + " (HTTP "
                + e.getStatusCode() + "): " + reason, e);
    }

    /** Route crm.refresh: overdue figures move with the date alone, so every known customer is pushed once a day. */
    public int refreshAll() {
        return store.requestAll(clock.instant());
    }
}

package io.encaisse.invoices.internal.erp;

import com.fasterxml.jackson.databind.JsonNode;
import io.encaisse.invoices.Address;
import io.encaisse.invoices.Contact;
import io.encaisse.invoices.CustomerData;
import io.encaisse.invoices.PaymentTerms;
import io.encaisse.invoices.CustomerRef;
import io.encaisse.invoices.InvoiceData;
import io.encaisse.invoices.InvoiceUpsert;
import io.encaisse.invoices.SalesRep;
import io.encaisse.shared.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub's canonical customer and invoice JSON (what the ERP mappings produce, same fields as the REST API's PUT
 * bodies) read into the ledger's types. A value the ledger cannot take is an {@link IllegalArgumentException} whose
 * message is the rejection reason. Amounts must be JSON strings (or exact numbers): never computed in a double.
 */
public final class CanonicalRecords {

    /** The key a mapping sets when it could not map a record (route erp.yaml, doCatch). */
    public static final String MAPPING_ERROR = "_mappingError";

    public static final String INVOICE = "INVOICE";
    public static final String CREDIT_NOTE = "CREDIT_NOTE";

    private CanonicalRecords() {
    }

    public record MappedCustomer(CustomerRef ref, CustomerData data) {
    }

    /** @param documentType INVOICE or CREDIT_NOTE */
    public record MappedInvoice(String invoiceNumber, String documentType, boolean cancelled, InvoiceData data) {
        public InvoiceUpsert upsert(int index) {
            return InvoiceUpsert.valid(index, invoiceNumber, data);
        }
    }

    /** What a connector's route hands on for a record whose mapping threw: a marker that {@link #customer}/{@link #invoice} reject. */
    public static String unmappableMarker(Exception e) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put(MAPPING_ERROR, e == null ? "unknown error" : String.valueOf(e.getMessage())).toString();
    }

    public static MappedCustomer customer(JsonNode n) {
        requireObject(n);
        CustomerRef ref = new CustomerRef(required(n, "customerId"));
        String currency = currency(required(n, "currency"));
        List<String> ibans = new ArrayList<>();
        n.path("ibans").forEach(i -> ibans.add(i.asText()));
        JsonNode rep = n.path("salesRep");
        SalesRep salesRep = rep.isObject() && (text(rep, "name") != null || text(rep, "email") != null)
                ? new SalesRep(text(rep, "name"), text(rep, "email")) : null;
        String creditLimit = amountText(n, "creditLimit");
        String parent = text(n, "parentCustomerId");
        return new MappedCustomer(ref, new CustomerData(required(n, "name"), text(n, "billingEmail"), text(n, "language"),
                currency, ibans, salesRep, creditLimit == null ? null : Money.of(creditLimit, currency),
                address(n.path("billingAddress")), contact(n.path("billingContact")), contact(n.path("dunningContact")),
                text(n, "segment"), parent == null ? null : new CustomerRef(parent), paymentTerms(n.path("paymentTerms"))));
    }

    public static MappedInvoice invoice(JsonNode n) {
        requireObject(n);
        String number = required(n, "invoiceNumber");
        String type = text(n, "documentType") == null ? INVOICE : text(n, "documentType");
        if (!type.equals(INVOICE) && !type.equals(CREDIT_NOTE)) {
            throw new IllegalArgumentException("documentType must be INVOICE or CREDIT_NOTE (got '" + type + "')");
        }
        boolean cancelled = "CANCELLED".equals(text(n, "status"));
        String currency = currency(required(n, "currency"));
        String amount = amountText(n, "amount");
        if (amount == null) {
            throw new IllegalArgumentException("amount is missing");
        }
        String open = amountText(n, "openAmount");
        InvoiceData data = new InvoiceData(new CustomerRef(required(n, "customerId")), date(n, "issueDate"), date(n, "dueDate"),
                Money.of(amount, currency), open == null ? null : Money.of(open, currency), cancelled, text(n, "purchaseOrder"),
                paymentTerms(n.path("paymentTerms")));
        return new MappedInvoice(number, type, cancelled, data);
    }

    /** A canonical CREDIT_NOTE record (same fields as an invoice, plus the optional creditedInvoiceNumber). */
    public static io.encaisse.invoices.CreditNoteData creditNote(MappedInvoice mapped, JsonNode n) {
        String credited = text(n, "creditedInvoiceNumber");
        return new io.encaisse.invoices.CreditNoteData(mapped.data().customer(), mapped.data().issueDate(), mapped.data().amount(),
                credited == null ? null : new io.encaisse.invoices.InvoiceNumber(credited), mapped.cancelled());
    }

    private static Address address(JsonNode a) {
        if (!a.isObject()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        a.path("lines").forEach(l -> {
            String line = l.isTextual() ? l.asText().trim() : "";
            if (!line.isEmpty()) {
                lines.add(line);
            }
        });
        String country = text(a, "country");
        if (country != null && !country.matches("[A-Za-z]{2}")) {
            throw new IllegalArgumentException("billingAddress.country must be an ISO 3166-1 alpha-2 code (got '" + country + "')");
        }
        Address address = new Address(lines, text(a, "postcode"), text(a, "city"), country == null ? null : country.toUpperCase());
        return address.hasNoValue() ? null : address;
    }

    private static Contact contact(JsonNode c) {
        if (!c.isObject()) {
            return null;
        }
        Contact contact = new Contact(text(c, "name"), text(c, "email"), text(c, "phone"), text(c, "role"));
        return contact.hasNoValue() ? null : contact;
    }

    private static PaymentTerms paymentTerms(JsonNode t) {
        if (!t.isObject()) {
            return null;
        }
        Integer days = null;
        JsonNode d = t.get("days");
        if (d != null && !d.isNull()) {
            if (d.canConvertToInt() && (d.isIntegralNumber() || d.isNumber() && d.decimalValue().stripTrailingZeros().scale() <= 0)) {
                days = d.asInt();
            } else if (d.isTextual() && d.asText().trim().matches("\\d{1,5}")) {
                days = Integer.valueOf(d.asText().trim());
            } else {
                throw new IllegalArgumentException("paymentTerms.days must be a whole number of days (got " + d + ")");
            }
        }
        PaymentTerms terms = new PaymentTerms(text(t, "code"), text(t, "label"), days);
        return terms.hasNoValue() ? null : terms;
    }

    private static void requireObject(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("The mapping produced no record (got " + n + ")");
        }
        if (n.hasNonNull(MAPPING_ERROR)) {
            throw new IllegalArgumentException("The mapping failed: " + n.get(MAPPING_ERROR).asText());
        }
    }

    private static String currency(String code) {
        if (!Money.isKnownCurrency(code)) {
            throw new IllegalArgumentException("Unknown ISO 4217 currency code: " + code);
        }
        return code;
    }

    private static LocalDate date(JsonNode n, String field) {
        String value = required(n, field);
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + value + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static String amountText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.asText().trim()).toPlainString();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " '" + v.asText() + "' is not an amount");
            }
        }
        if (v.isIntegralNumber() || v.isBigDecimal()) {
            return v.decimalValue().toPlainString();
        }
        throw new IllegalArgumentException(field + " must be a string amount (got " + v + "): a JSONata number is a double");
    }

    private static String required(JsonNode n, String field) {
        String value = text(n, field);
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isBoolean() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }
}

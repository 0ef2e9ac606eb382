package io.encaisse.invoices;

import io.encaisse.shared.Money;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The receivables ledger: the hub's copy of the ERP's customers and invoices, and what is still open on them.
 * Other modules read through this API, never through the tables.
 */
public interface Receivables {

    UpsertResult<CustomerView> upsertCustomer(CustomerRef ref, CustomerData data);

    /** @throws UnknownCustomerException when the invoice's customer was never sent */
    UpsertResult<InvoiceView> upsertInvoice(InvoiceNumber number, InvoiceData data);

    /**
     * Upserts many invoices (a bulk load, a nightly sync) in chunks; each record is created, updated, unchanged or
     * rejected with its reason, and a bad record never blocks the good ones.
     */
    BatchResult upsertInvoices(java.util.List<InvoiceUpsert> records);

    Optional<CustomerView> customer(CustomerRef ref);

    Optional<CustomerView> customer(CustomerId id);

    Optional<InvoiceView> invoice(InvoiceNumber number);

    Optional<InvoiceView> invoice(InvoiceId id);

    List<InvoiceView> findByNumbers(Collection<InvoiceNumber> numbers);

    List<InvoiceView> invoicesOf(CustomerId customer);

    /**
     * Invoices whose normalised number is one of {@code keys} (an index look-up, for matching payments): upper case,
     * letters and digits only, the leading zeros of a number at the start or after a letter dropped
     * ("inv-2026-0042" → "INV20260042", "INV-0042" → "INV42"; see the invoice table's {@code number_key}).
     */
    List<InvoiceView> findByNormalisedNumbers(Collection<String> keys);

    /** Invoices whose number's digits, leading zeros dropped, are one of {@code digits} (an index look-up). */
    List<InvoiceView> findByNumberDigits(Collection<String> digits);

    /**
     * Invoices whose purchase order / customer reference (as the ERP sent it) is exactly one of {@code references}
     * (an index look-up): the payer's end-to-end or mandate id often is it.
     */
    List<InvoiceView> findByPurchaseOrders(Collection<String> references);

    /** The customer's invoices with something open (not cancelled), oldest due first, at most {@code limit}. */
    List<InvoiceView> openInvoicesOf(CustomerId customer, int limit);

    /** The customers the ERP gave this IBAN for (spaces and case ignored). */
    List<CustomerView> customersByIban(String iban);

    /**
     * Customers whose name, in lower case and without accents, contains {@code token} (lower case, no accents), at most
     * {@code limit}; for identifying a payer by name.
     */
    List<CustomerView> customersWithNameContaining(String token, int limit);

    /** The position in the customer's own currency. */
    CustomerPosition position(CustomerId customer, LocalDate asOf);

    /**
     * The consolidated position of a customer group: the customer and every customer whose parent (transitively) it is,
     * in the customer's currency.
     */
    ConsolidatedPosition consolidatedPosition(CustomerId parent, LocalDate asOf);

    /** Open invoices whose due date is before {@code asOf}, oldest first. */
    List<InvoiceView> overdue(LocalDate asOf);

    /**
     * Applies up to {@code amount} of a payment to the invoice (never more than is open) under a row lock.
     * Joins the caller's transaction, so an allocation and the invoice change commit together.
     */
    PaymentApplication applyPayment(InvoiceId invoice, Money amount, LocalDate valueDate);

    /**
     * Applies many payments in order, as {@link #applyPayment} one after the other would (a later payment to the same
     * invoice sees what the earlier ones left open, none takes more than is open), with one locking read of all their
     * invoices (in id order, so two batches never deadlock) and one batched write; publishes one
     * {@link InvoicePaymentsApplied} for the whole batch instead of the single events. Joins the caller's transaction.
     *
     * @return one application per payment, in the same order
     */
    List<PaymentApplication> applyPayments(List<PaymentToApply> payments);

    /** Puts a previously applied amount back on the invoice (a return or an undone allocation). */
    PaymentApplication reversePayment(InvoiceId invoice, Money amount);

    /**
     * Upserts a credit note of the ERP (idempotent on its number). It lowers the invoice it credits, never below zero;
     * the rest, or all of it without a credited invoice, is customer credit. Cancelling or changing it adjusts both.
     *
     * @throws UnknownCustomerException when its customer was never sent
     */
    UpsertResult<CreditNoteView> upsertCreditNote(CreditNoteNumber number, CreditNoteData data);

    Optional<CreditNoteView> creditNote(CreditNoteNumber number);

    /**
     * Records a payment the ERP booked itself (idempotent on the ERP's id; a changed amount, invoice or cancellation
     * adjusts). It reduces the invoice like a bank payment, with the same events, and is never counted twice: the ERP's
     * later open amount already holds it, and a payment the hub posted to the ERP itself is recognised by its id.
     *
     * @throws UnknownInvoiceException when the invoice was never sent
     */
    UpsertResult<ErpPaymentView> recordErpPayment(ErpPaymentId id, ErpPaymentData data);

    // --- look-ups for matching many payments at once (each one indexed query, whatever the number of customers)

    /** Customers by their ERP keys (unknown keys left out). */
    List<CustomerName> customerNames(Collection<CustomerRef> refs);

    /**
     * The customers the ERP gave each of these IBANs for, keyed by the IBAN normalised (upper case, no spaces); IBANs
     * no customer has are left out.
     */
    java.util.Map<String, List<CustomerName>> customersByIbans(Collection<String> ibans);

    /**
     * For each word: the customers whose name holds it as a whole word (names in lower case, common Latin accents
     * dropped, split at anything but a-z and 0-9), at most {@code limitPerWord} of them; a word held by more customers
     * than that comes back with exactly {@code limitPerWord} (too common to identify a payer). Words held by none are
     * left out.
     */
    java.util.Map<String, List<CustomerName>> customersWithNameWord(Collection<String> words, int limitPerWord);

    /** Customers whose name holds every one of these words (see {@link #customersWithNameWord}), at most {@code limit}. */
    List<CustomerName> customersWithNameWords(Collection<String> allOf, int limit);

    /**
     * For each customer: its invoices with something open (not cancelled), oldest due first, at most
     * {@code limitPerCustomer}; customers with none are left out.
     */
    java.util.Map<CustomerRef, List<InvoiceView>> openInvoicesOfCustomers(Collection<CustomerRef> customers, int limitPerCustomer);
}

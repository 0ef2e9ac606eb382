package io.encaisse.bank.internal;

import io.encaisse.bank.internal.domain.EntryIdentity;
import io.encaisse.bank.internal.parser.ParsedEntry;
import java.sql.SQLException;

/**
 * Streams one statement's lines into the import's staging table with PostgreSQL COPY (text format, see {@link CopyRows}),
 * in a buffer of fixed size: memory does not grow with the statement.
 */
final class EntryStage {

    /** Where the COPY data goes: the connection's COPY stream in production. */
    interface Target {
        void write(byte[] buffer, int length) throws SQLException;

        /** Ends the COPY; returns the number of rows the database received. */
        long end() throws SQLException;

        void cancel() throws SQLException;
    }

    /** The staging table's columns, in COPY order. */
    static final String COLUMNS = "entry_index, base, basis, amount, currency, credit, reversal, status, booking_date, value_date,"
            + " account_servicer_ref, entry_ref, bank_tx_domain, bank_tx_family, bank_tx_subfamily, bank_tx_proprietary,"
            + " additional_info, details, detail_count, charges, amount_details";

    private final Target target;
    private final CopyRows out;
    private boolean open = true;

    EntryStage(Target target) {
        this.target = target;
        this.out = new CopyRows(target);
    }

    void add(ParsedEntry e, EntryIdentity.Base base, byte[] details, int detailCount, byte[] charges, byte[] amountDetails)
            throws SQLException {
        CopyRows o = out;
        o.number(e.index());
        o.tab();
        o.text(base.value());
        o.tab();
        o.ascii(base.basis().name());
        o.tab();
        entryColumns(o, e, details, charges, amountDetails, detailCount);
        o.endRow();
    }

    /**
     * The columns a line shares with {@code bank_entry}, from amount to amount details ({@code detailCount} after the
     * details if not negative).
     */
    static void entryColumns(CopyRows o, ParsedEntry e, byte[] details, byte[] charges, byte[] amountDetails, int detailCount)
            throws SQLException {
        o.ascii(e.amount().toPlainString());
        o.tab();
        o.text(e.currency());
        o.tab();
        o.bool(e.credit());
        o.tab();
        o.bool(e.reversal());
        o.tab();
        o.text(e.status());
        o.tab();
        o.date(e.bookingDate());
        o.tab();
        o.date(e.valueDate());
        o.tab();
        o.text(truncate(e.accountServicerRef(), 128));
        o.tab();
        o.text(truncate(e.entryRef(), 128));
        o.tab();
        o.text(truncate(e.bankTxDomain(), 8));
        o.tab();
        o.text(truncate(e.bankTxFamily(), 8));
        o.tab();
        o.text(truncate(e.bankTxSubFamily(), 8));
        o.tab();
        o.text(truncate(e.bankTxProprietary(), 128));
        o.tab();
        o.text(e.additionalInfo());
        o.tab();
        o.json(details);
        o.tab();
        if (detailCount >= 0) {
            o.number(detailCount);
            o.tab();
        }
        o.json(charges);
        o.tab();
        o.json(amountDetails);
    }

    /** Ends the COPY; returns the number of rows staged. */
    long finish() throws SQLException {
        out.flush();
        open = false;
        return target.end();
    }

    /** Abandons the COPY (the transaction is being rolled back); safe to call more than once. */
    void cancel() throws SQLException {
        if (open) {
            open = false;
            target.cancel();
        }
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

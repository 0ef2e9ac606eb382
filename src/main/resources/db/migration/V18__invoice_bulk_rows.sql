-- Cheaper invoice rows for bulk loads (issue #5: 1,000,000 invoices through POST /invoices/batch).

-- The normalised number forms are computed once in Java (io.encaisse.shared.InvoiceNumberKeys, the same code
-- reconciliation matches with) and written with the row, instead of two regular expressions per row in SQL. Existing
-- rows keep the values V2 generated; InvoiceNumberKeysTest checks the Java forms equal V2's SQL on tricky numbers.
alter table invoice alter column number_key drop expression;
alter table invoice alter column number_digits drop expression;
alter table invoice alter column number_key set not null;
alter table invoice alter column number_digits set not null;

-- No foreign key from invoice to customer: its trigger ran one query per inserted row (a third of a bulk insert's time in
-- PostgreSQL). Customers are never deleted (no code path deletes one; the API has no such operation), and the invoices
-- module, the only writer of invoice, resolves the customer in the same transaction before writing the row (single
-- upsert: findByCustomerRef; batch: one read of the chunk's customers; unknown customers are rejected). So the key can
-- never point at nothing; InvoiceIntegrityTest counts orphans after batches, single upserts and customer changes: 0.
alter table invoice drop constraint invoice_customer_id_fkey;

-- Currency conversion: what a credit's entry says about an exchange (camt AmtDtls), so a payment in another currency
-- than the invoice it names can be converted when it is decided (or decided again).
alter table recon_transaction
    add column instructed_amount   numeric(19, 4),
    add column instructed_currency varchar(3),
    add column fx_source_currency  varchar(3),
    add column fx_target_currency  varchar(3),
    add column fx_unit_currency    varchar(3),
    add column fx_rate             numeric(24, 10),
    -- newline-separated mandate ids of the transaction details (end-to-end and instruction ids have their columns)
    add column mandate_ids         text;

-- An allocation of a converted payment: amount/currency are what the invoice took (its currency); bank_amount and
-- bank_currency the credit's money it used (the account's currency), exchange_rate = amount / bank_amount. Null when
-- no conversion took place (bank amount = amount).
alter table allocation
    add column bank_amount   numeric(19, 4),
    add column bank_currency varchar(3),
    add column exchange_rate numeric(24, 10);

-- Owned by the INVOICES module (served through Receivables.findByPurchaseOrders): rule end-to-end-reference finds
-- the invoice whose purchase order / reference the payer's end-to-end, mandate or instruction id is, by index.
create index if not exists invoice_purchase_order on invoice (purchase_order) where purchase_order is not null;

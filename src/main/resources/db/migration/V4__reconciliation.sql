-- The reconciliation state of each bank credit (kind CREDIT) and of each return or reversal of a credit (kind RETURN);
-- the entry itself belongs to the bank module. A batch return entry gives one RETURN row per transaction detail.
create table recon_transaction (
    id                      uuid primary key,
    bank_entry_id           uuid           not null,
    detail_index            integer        not null default 0,
    statement_id            uuid           not null,
    kind                    varchar(10)    not null default 'CREDIT',
    account                 varchar(64),
    amount                  numeric(19, 4) not null,
    currency                varchar(3)     not null,
    unapplied_amount        numeric(19, 4) not null,
    value_date              date,
    booking_date            date,
    counterparty_name       varchar(255),
    counterparty_iban       varchar(34),
    remittance              text,
    structured_refs         text,
    -- remittance and structured references normalised like invoice numbers (upper case, letters and digits only):
    -- a late invoice finds the payments that mention it however they wrote its number
    remittance_key          text,
    -- the charges the bank reported for the entry, in the entry's currency (explain a payment short of an invoice)
    charges_amount          numeric(19, 4),
    -- SUGGESTED rows: the ranked candidates (SuggestionView without currencies, see ReconStore), else null
    suggestions             jsonb,
    -- newline-separated, one per transaction detail that carries one ('NOTPROVIDED' left out)
    end_to_end_ids          text,
    instruction_ids         text,
    -- RETURN rows: the bank's reason code (camt RtrInf/Rsn), and the credit it took back once found
    return_reason           varchar(35),
    original_transaction_id uuid references recon_transaction (id),
    -- CREDIT rows: the return that took the money back
    returned_by             uuid references recon_transaction (id),
    -- false once a person allocated or undid an allocation: automatic matching leaves it alone from then on
    auto_match              boolean        not null default true,
    status                  varchar(20)    not null,
    reason                  text,
    created_at              timestamptz    not null,
    updated_at              timestamptz    not null,
    unique (bank_entry_id, detail_index)
);
create index recon_transaction_status on recon_transaction (status, created_at);
create index recon_transaction_return_lookup on recon_transaction (account, currency, amount) where kind = 'CREDIT';

create table allocation (
    id             uuid primary key,
    transaction_id uuid           not null references recon_transaction (id),
    invoice_id     uuid           not null,
    invoice_number varchar(64)    not null,
    customer_ref   varchar(64)    not null,
    amount         numeric(19, 4) not null check (amount > 0),
    currency       varchar(3)     not null,
    rule           varchar(64)    not null,
    explanation    text           not null,
    -- booked on the invoice on top of the money: a difference within tolerance (bank charges), said in explanation
    write_off_amount numeric(19, 4) not null default 0 check (write_off_amount >= 0),
    created_at     timestamptz    not null,
    reversed_at    timestamptz,
    reversal_reason text
);
create index allocation_invoice on allocation (invoice_id);
create index allocation_transaction on allocation (transaction_id);

-- Who did what to an allocation, when and why: 'system' for automatic matching and bank returns, else the API key id.
create table allocation_event (
    id             uuid primary key,
    allocation_id  uuid          not null references allocation (id),
    transaction_id uuid          not null references recon_transaction (id),
    action         varchar(16)   not null check (action in ('CREATED', 'REVERSED')),
    actor          varchar(64)   not null,
    reason         text,
    at             timestamptz   not null
);
create index allocation_event_transaction on allocation_event (transaction_id, at);

-- Who pays from which IBAN, learned from a person's allocations (the ERP's customer IBANs are the invoices module's).
create table learned_payer (
    iban         varchar(34)  not null,
    customer_ref varchar(64)  not null,
    source       varchar(32)  not null,
    confirmed_at timestamptz  not null,
    primary key (iban, customer_ref)
);

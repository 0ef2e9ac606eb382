-- The reconciliation state of each bank credit; the entry itself belongs to the bank module.
create table recon_transaction (
    id                uuid primary key,
    bank_entry_id     uuid           not null unique,
    statement_id      uuid           not null,
    amount            numeric(19, 4) not null,
    currency          varchar(3)     not null,
    unapplied_amount  numeric(19, 4) not null,
    value_date        date,
    booking_date      date,
    counterparty_name varchar(255),
    counterparty_iban varchar(34),
    remittance        text,
    structured_refs   text,
    status            varchar(20)    not null,
    reason            text,
    created_at        timestamptz    not null,
    updated_at        timestamptz    not null
);
create index recon_transaction_status on recon_transaction (status, created_at);

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
    created_at     timestamptz    not null,
    reversed_at    timestamptz
);
create index allocation_invoice on allocation (invoice_id);
create index allocation_transaction on allocation (transaction_id);

-- ERP money (invoices module): what the hub applied vs what the ERP booked, ERP-side payments, credit notes, and the
-- outbox of payment applications posted back to the ERP.

-- The parts of an invoice's open amount (InvoiceState): open = min(amount - hub_applied - erp_paid - credit applied,
-- erp_open_amount - (hub_applied - hub_booked)), between 0 and the amount.
--   hub_applied   bank money (and write-offs) the hub applied, net of reversals
--   hub_booked    the part of it the ERP acknowledged (payment applications SENT, net of SENT reversals)
--   erp_paid      payments the ERP reported explicitly (erp_side_payment), not cancelled
--   credit_noted  credit notes that credit this invoice, not cancelled (what the invoice cannot absorb is customer credit)
alter table invoice
    add column hub_applied  numeric(19, 4) not null default 0,
    add column hub_booked   numeric(19, 4) not null default 0,
    add column erp_paid     numeric(19, 4) not null default 0,
    add column credit_noted numeric(19, 4) not null default 0;
-- Until now the hub moved its open amount by the ERP's changes, so what it had applied itself is the gap between the
-- ERP's open amount and its own: the same open amounts under the new rule.
update invoice set hub_applied = greatest(erp_open_amount - open_amount, 0) where not cancelled;

-- Credit notes from the ERP. credited_invoice_number: the invoice it credits, as the ERP names it (linked by number and
-- currency, so an invoice that arrives later takes its credit notes then); without one, or until that invoice is in
-- the ledger, the credit note is customer credit.
create table credit_note (
    id                      uuid primary key,
    credit_note_number      varchar(64)    not null unique,
    customer_id             uuid           not null references customer (id),
    issue_date              date           not null,
    currency                varchar(3)     not null,
    amount                  numeric(19, 4) not null check (amount >= 0),
    credited_invoice_number varchar(64),
    cancelled               boolean        not null,
    created_at              timestamptz    not null,
    updated_at              timestamptz    not null
);
create index credit_note_customer on credit_note (customer_id);
create index credit_note_credited on credit_note (credited_invoice_number);

-- Payments the ERP booked itself (card, cash, compensation) and reported explicitly; idempotent on the ERP's id.
create table erp_side_payment (
    id             uuid primary key,
    erp_payment_id varchar(128)   not null unique,
    invoice_id     uuid           not null references invoice (id),
    currency       varchar(3)     not null,
    amount         numeric(19, 4) not null check (amount > 0),
    payment_date   date           not null,
    method         varchar(64),
    cancelled      boolean        not null,
    created_at     timestamptz    not null,
    updated_at     timestamptz    not null
);
create index erp_side_payment_invoice on erp_side_payment (invoice_id);

-- Outbox of payment applications posted to the ERP: one row per allocation and direction (the allocation id is the
-- idempotency key towards the ERP). Recorded in the transaction of the event listener; sent by route
-- invoices.erp-payments-out.
--   status   PENDING (to send; attempts and next_attempt_at say when), SENT (the ERP booked it; erp_id its id there),
--            FAILED (permanently, last_error says why; can be retried through the API), SKIPPED (nothing to send:
--            a reversal of an application the ERP never booked)
create table erp_payment_application (
    id              uuid primary key,
    allocation_id   uuid           not null,
    direction       varchar(7)     not null check (direction in ('APPLY', 'REVERSE')),
    connector       varchar(16)    not null,
    invoice_id      uuid           not null references invoice (id),
    invoice_number  varchar(64)    not null,
    customer_ref    varchar(64)    not null,
    currency        varchar(3)     not null,
    amount          numeric(19, 4) not null check (amount > 0),
    value_date      date           not null,
    bank_reference  varchar(255),
    status          varchar(8)     not null check (status in ('PENDING', 'SENT', 'FAILED', 'SKIPPED')),
    attempts        integer        not null default 0,
    next_attempt_at timestamptz,
    last_error      text,
    erp_id          varchar(128),
    created_at      timestamptz    not null,
    updated_at      timestamptz    not null,
    sent_at         timestamptz,
    unique (allocation_id, direction)
);
create index erp_payment_application_due on erp_payment_application (next_attempt_at) where status = 'PENDING';
create index erp_payment_application_status on erp_payment_application (status, created_at);

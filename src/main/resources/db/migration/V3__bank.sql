-- One row per received file, imported or not: the import log.
create table bank_import (
    id              uuid primary key,
    file_name       varchar(1024) not null,
    file_sha256     varchar(64)   not null,
    file_size       bigint        not null,
    channel         varchar(32)   not null,
    received_at     timestamptz   not null,
    status          varchar(16)   not null,
    format          varchar(16),
    message_version varchar(32),
    statements      integer       not null default 0,
    entries         integer       not null default 0,
    reason          text,
    warnings        text,
    duplicate_of    uuid references bank_import (id)
);
-- the same file is booked once, however often it is delivered
create unique index bank_import_once on bank_import (file_sha256) where status = 'IMPORTED';
create index bank_import_received on bank_import (received_at desc);

create table bank_statement (
    id                  uuid primary key,
    import_id           uuid          not null references bank_import (id),
    format              varchar(16)   not null,
    message_version     varchar(32)   not null,
    message_id          varchar(64),
    statement_id        varchar(128),
    electronic_sequence bigint,
    created_at_bank     timestamptz,
    account_key         varchar(64)   not null,
    account_iban        varchar(34),
    account_other_id    varchar(64),
    account_currency    varchar(3),
    servicer_bic        varchar(11),
    from_date           date,
    to_date             date,
    opening_balance     numeric(19, 5),
    closing_balance     numeric(19, 5),
    balance_currency    varchar(3),
    entry_count         integer       not null,
    credit_total        numeric(23, 5) not null,
    debit_total         numeric(23, 5) not null,
    balance_check       varchar(16)   not null,
    -- the date the closing balance is for (to_date, else the closing balance's date): orders an account's statements
    as_of_date          date,
    -- opening balance = closing balance of previous_statement_id (OK / BREAK / UNKNOWN / NOT_APPLICABLE)
    continuity          varchar(16)   not null default 'UNKNOWN',
    previous_statement_id uuid references bank_statement (id),
    -- why balance_check or continuity is BREAK, for a person
    balance_note        text,
    -- lines that were new money (not a repeat of a transaction reported before)
    new_entries         integer       not null default 0
);
-- the previous statement of an account: only end-of-day statements chain their balances
create index bank_statement_chain on bank_statement (account_key, balance_currency, as_of_date, electronic_sequence)
    where format in ('CAMT053', 'MT940');
-- a statement re-delivered in another file is not booked again
create unique index bank_statement_once on bank_statement (account_key, format, statement_id, coalesce(electronic_sequence, -1))
    where statement_id is not null;

create table bank_balance (
    statement_id uuid           not null references bank_statement (id) on delete cascade,
    position     integer        not null,
    code         varchar(35)    not null,
    amount       numeric(19, 5) not null,
    currency     varchar(3),
    balance_date date,
    primary key (statement_id, position)
);

-- One row per bank transaction, however many reports (camt.052/053/054, MT940, re-deliveries) carried it.
create table bank_entry (
    id                    uuid primary key,
    account_key           varchar(64)    not null,
    -- EntryIdentity: the bank's reference (or the booking date) + direction + amount + ordinal within the statement
    identity_key          varchar(400)   not null,
    identity_basis        varchar(16)    not null,
    -- the statement that booked it, else the first that reported it while pending; entry_index is its line there
    statement_id          uuid           not null references bank_statement (id) on delete cascade,
    entry_index           integer        not null,
    first_statement_id    uuid           not null references bank_statement (id) on delete cascade,
    amount                numeric(19, 5) not null,
    currency              varchar(3)     not null,
    credit                boolean        not null,
    reversal              boolean        not null,
    status                varchar(8),
    booking_date          date,
    value_date            date,
    account_servicer_ref  varchar(128),
    entry_ref             varchar(128),
    bank_tx_domain        varchar(8),
    bank_tx_family        varchar(8),
    bank_tx_subfamily     varchar(8),
    bank_tx_proprietary   varchar(128),
    additional_info       text,
    details               jsonb          not null,
    charges               jsonb,
    amount_details        jsonb,
    times_reported        integer        not null default 1,
    -- the same booking reported again is linked to this row, never booked twice
    constraint bank_entry_identity unique (account_key, identity_key)
);

-- Every line of every statement, and what it meant: NEW (a transaction first seen), BOOKED (a pending one now booked),
-- DETAILED (its transaction details attached to a known transaction), SEEN_AGAIN (nothing new).
create table bank_entry_line (
    statement_id uuid        not null references bank_statement (id) on delete cascade,
    entry_index  integer     not null,
    entry_id     uuid        not null references bank_entry (id) on delete cascade,
    status       varchar(8),
    outcome      varchar(16) not null,
    primary key (statement_id, entry_index)
);
create index bank_entry_line_entry on bank_entry_line (entry_id);

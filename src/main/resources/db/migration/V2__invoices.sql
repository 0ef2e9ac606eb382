create table customer (
    id                    uuid primary key,
    customer_ref          varchar(64)  not null unique,
    name                  varchar(255) not null,
    billing_email         varchar(320),
    language              varchar(8)   not null,
    currency              varchar(3)   not null,
    credit_limit          numeric(19, 4),
    credit_limit_currency varchar(3),
    sales_rep_name        varchar(255),
    sales_rep_email       varchar(320),
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    version               bigint       not null
);

create table customer_iban (
    customer_id uuid        not null references customer (id) on delete cascade,
    position    integer     not null,
    iban        varchar(34) not null,
    primary key (customer_id, position)
);
create index customer_iban_iban on customer_iban (iban);

create table invoice (
    id                uuid primary key,
    invoice_number    varchar(64)    not null unique,
    customer_id       uuid           not null references customer (id),
    issue_date        date           not null,
    due_date          date           not null,
    currency          varchar(3)     not null,
    amount            numeric(19, 4) not null check (amount >= 0),
    open_amount       numeric(19, 4) not null check (open_amount >= 0 and open_amount <= amount),
    erp_open_amount   numeric(19, 4) not null,
    cancelled         boolean        not null,
    status            varchar(20)    not null,
    last_payment_date date,
    purchase_order    varchar(128),
    created_at        timestamptz    not null,
    updated_at        timestamptz    not null,
    version           bigint         not null,
    -- normalised forms for matching payments (reconciliation's InvoiceKeys.key and .digits: keep them equal):
    -- upper case, letters and digits only, leading zeros of a number at the start or after a letter dropped
    number_key        varchar(64) generated always as (regexp_replace(regexp_replace(upper(invoice_number), '[^A-Z0-9]', '', 'g'),
                          '(^|[A-Z])0+([0-9])', '\1\2', 'g')) stored,
    -- the digits only, leading zeros dropped (what Swiss QR references and Belgian structured communications hold)
    number_digits     varchar(64) generated always as (ltrim(regexp_replace(invoice_number, '[^0-9]', '', 'g'), '0')) stored
);
create index invoice_number_key on invoice (number_key);
create index invoice_number_digits on invoice (number_digits);
create index invoice_customer on invoice (customer_id, due_date);
create index invoice_overdue on invoice (due_date) where open_amount > 0 and cancelled = false;

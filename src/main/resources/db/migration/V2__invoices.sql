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
    version           bigint         not null
);
create index invoice_customer on invoice (customer_id, due_date);
create index invoice_overdue on invoice (due_date) where open_amount > 0 and cancelled = false;

create table dunning_run (
    id                 uuid primary key,
    as_of              date        not null,
    trigger            varchar(16) not null,
    started_at         timestamptz not null,
    finished_at        timestamptz,
    customers_notified integer     not null default 0,
    notices            integer     not null default 0,
    skipped            integer     not null default 0
);

-- Each invoice reaches each dunning level once: the unique key is the "never twice" guarantee.
create table dunning_notice (
    id             uuid primary key,
    run_id         uuid          not null references dunning_run (id),
    customer_id    uuid          not null,
    customer_ref   varchar(64)   not null,
    invoice_id     uuid          not null,
    invoice_number varchar(64)   not null,
    level          integer       not null,
    email_id       uuid          not null,
    created_at     timestamptz   not null,
    unique (invoice_id, level)
);
create index dunning_notice_customer on dunning_notice (customer_id, created_at desc);

-- Emails waiting to be handed to the mail endpoint, written in the same transaction as their notices.
create table dunning_email (
    id          uuid primary key,
    run_id      uuid         not null references dunning_run (id),
    customer_id uuid         not null,
    message_id  varchar(255) not null unique,
    email_to    varchar(320) not null,
    subject     varchar(998) not null,
    body        text         not null,
    language    varchar(8)   not null,
    level       integer      not null,
    status      varchar(16)  not null,
    created_at  timestamptz  not null,
    sent_at     timestamptz,
    attempts    integer      not null default 0,
    cc          varchar(320),
    last_error  text
);
create index dunning_email_pending on dunning_email (created_at) where status = 'PENDING';

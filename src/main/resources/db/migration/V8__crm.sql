-- What was last pushed to the CRM per customer, so an unchanged position is not pushed again.
create table crm_account_sync (
    customer_id   uuid primary key,
    customer_ref  varchar(64)  not null,
    payload_hash  varchar(64),
    crm_record_id varchar(32),
    status        varchar(16)  not null,
    last_error    text,
    requested_at  timestamptz  not null,
    pushed_at     timestamptz
);

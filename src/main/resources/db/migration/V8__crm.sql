-- The crm module's outbox towards Salesforce, one row per customer: whether the customer's Account needs a push
-- (PENDING), and what was last pushed (payload hash, Salesforce record id) so an unchanged position is not pushed again.
--   status        PENDING (a push is due), SENT (the CRM has the current position), FAILED (Salesforce rejected it
--                 for good: last_error says why; the next position change or the daily refresh tries again)
--   request_seq   incremented by every request; a push only marks SENT the request it was claimed for
--   claimed_until a push in progress (lease): other ticks or instances leave the row alone until then
create table crm_account_sync (
    customer_id   uuid primary key,
    customer_ref  varchar(64)  not null,
    status        varchar(16)  not null,
    request_seq   bigint       not null default 1,
    requested_at  timestamptz  not null,
    claimed_until timestamptz,
    payload_hash  varchar(64),
    crm_record_id varchar(32),
    last_error    text,
    pushed_at     timestamptz
);
create index crm_account_sync_pending on crm_account_sync (requested_at) where status = 'PENDING';

-- ERP pull connectors (invoices module, internal/erp).
-- erp_sync_cursor: how far each connector has read each entity ("updated since" keyset). The next page asks for
--   write_date > last_write_date OR (write_date = last_write_date AND id > last_id), ordered by write_date, id.
--   A row only moves forward, and only after its page was applied, so a restart resumes and never skips.
--   last_write_date is the ERP's own timestamp (Odoo: UTC, no zone), never our clock.
create table erp_sync_cursor (
    connector       varchar(32) not null,
    entity          varchar(32) not null,
    last_write_date timestamp   not null,
    last_id         bigint      not null,
    updated_at      timestamptz not null,
    primary key (connector, entity)
);

-- erp_sync_rejection: records of the ERP the hub could not take, one row per ERP record (the latest attempt), with
-- the reason, for people to see and fix in the ERP. A later version of the record that is accepted resolves the row.
--   retryable   the record may be accepted later without changing in the ERP (its customer had not arrived yet):
--               the connector tries it again on each poll
--   payload     the mapped (canonical) record, or the ERP's record when the mapping itself failed
create table erp_sync_rejection (
    id                bigserial primary key,
    connector         varchar(32)  not null,
    entity            varchar(32)  not null,
    source_id         bigint       not null,
    record_key        varchar(128),
    reason            text         not null,
    retryable         boolean      not null,
    payload           text,
    source_write_date timestamp,
    attempts          integer      not null default 1,
    first_rejected_at timestamptz  not null,
    last_rejected_at  timestamptz  not null,
    resolved_at       timestamptz,
    unique (connector, entity, source_id)
);
create index erp_sync_rejection_open on erp_sync_rejection (connector, entity) where resolved_at is null;

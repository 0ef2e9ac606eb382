-- Idempotency-Key (api module): the first answer to a key is stored and replayed for retries of the same request.
create table idempotency_key (
    api_key_id      uuid         not null,
    idempotency_key varchar(255) not null,
    method          varchar(8)   not null,
    path            varchar(2048) not null,
    request_hash    varchar(64)  not null,
    status          varchar(16)  not null,
    response_status integer,
    response_type   varchar(255),
    response_body   bytea,
    location        varchar(2048),
    created_at      timestamptz  not null,
    completed_at    timestamptz,
    primary key (api_key_id, idempotency_key)
);
create index idempotency_key_created on idempotency_key (created_at);

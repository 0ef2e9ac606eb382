create table api_key (
    id           uuid primary key,
    name         varchar(128) not null,
    key_hash     varchar(64)  not null unique,
    key_prefix   varchar(12)  not null,
    created_at   timestamptz  not null,
    revoked_at   timestamptz
);

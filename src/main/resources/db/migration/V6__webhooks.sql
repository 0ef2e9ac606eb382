create table webhook_subscription (
    id              uuid primary key,
    url             varchar(2048) not null,
    event_types     text          not null,
    secret          varchar(128)  not null,
    description     varchar(255),
    enabled         boolean       not null,
    disabled_reason text,
    created_at      timestamptz   not null,
    -- soft delete through the API: hidden, disabled, its pending deliveries cancelled
    deleted_at      timestamptz
);

create table webhook_delivery (
    id              uuid primary key,
    message_id      varchar(64)   not null unique,
    subscription_id uuid          not null references webhook_subscription (id),
    event_key       varchar(255)  not null,
    event_type      varchar(64)   not null,
    payload         text          not null,
    status          varchar(16)   not null check (status in ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')),
    attempts        integer       not null default 0,
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    last_status     integer,
    last_error      text,
    created_at      timestamptz   not null,
    delivered_at    timestamptz,
    -- an event re-handled after a crash does not create a second delivery
    unique (subscription_id, event_key)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_by_subscription on webhook_delivery (subscription_id, created_at desc);

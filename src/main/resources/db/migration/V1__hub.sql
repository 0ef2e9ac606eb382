-- Spring Modulith event publication registry: our transactional outbox.
create table event_publication (
    id               uuid primary key,
    listener_id      text        not null,
    event_type       text        not null,
    serialized_event text        not null,
    publication_date timestamptz not null,
    completion_date  timestamptz
);
create index event_publication_incomplete on event_publication (publication_date) where completion_date is null;

-- Exchanges that failed for good, with the reason (routes/error-handling.yaml).
create table dead_letter (
    id              uuid primary key,
    route_id        varchar(128),
    exchange_id     varchar(128),
    source          varchar(1024),
    failed_at       timestamptz not null,
    exception_type  varchar(512),
    reason          text        not null,
    payload_excerpt text
);
create index dead_letter_failed_at on dead_letter (failed_at desc);

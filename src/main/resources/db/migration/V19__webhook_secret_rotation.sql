-- Secret rotation (Standard Webhooks): after a rotation the previous secret keeps signing, beside the new one, until
-- previous_secret_until, so a receiver can switch without losing a delivery.
alter table webhook_subscription
    add column previous_secret       varchar(128),
    add column previous_secret_until timestamptz;

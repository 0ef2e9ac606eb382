-- ERP inbound (issue #5): the canonical model's customer master data and payment terms, and CSV file imports.

-- Customer master data beyond name and billing email. Each group is all-null when the ERP sends none.
--   billing_address_lines  street lines, first to last, joined by a line feed
--   parent_ref             the group or parent company's customer ref (an external key that may arrive later,
--                          hence no foreign key): its consolidated exposure includes this customer's
alter table customer
    add column billing_address_lines varchar(1000),
    add column billing_postcode      varchar(20),
    add column billing_city          varchar(128),
    add column billing_country       varchar(2),
    add column billing_contact_name  varchar(255),
    add column billing_contact_email varchar(320),
    add column billing_contact_phone varchar(64),
    add column billing_contact_role  varchar(128),
    add column dunning_contact_name  varchar(255),
    add column dunning_contact_email varchar(320),
    add column dunning_contact_phone varchar(64),
    add column dunning_contact_role  varchar(128),
    add column segment               varchar(64),
    add column parent_ref            varchar(64),
    add column payment_terms_code    varchar(64),
    add column payment_terms_label   varchar(255),
    add column payment_terms_days    integer check (payment_terms_days >= 0);
create index customer_parent_ref on customer (parent_ref) where parent_ref is not null;

alter table invoice
    add column payment_terms_code  varchar(64),
    add column payment_terms_label varchar(255),
    add column payment_terms_days  integer check (payment_terms_days >= 0);

-- One row per CSV file the ERP dropped (folder or SFTP): what was read, created, updated, unchanged and rejected.
--   status     IMPORTED (every readable row was applied or rejected on its own) or REJECTED (the file as a whole:
--              no profile, missing columns, unreadable); reason says why
--   rejections JSON array of {line, key, reason}: the rows the hub did not take, by line number in the file
create table erp_file_import (
    id          uuid primary key,
    file_name   varchar(255) not null,
    profile     varchar(128),
    kind        varchar(16),
    status      varchar(16)  not null,
    reason      text,
    rows_read   integer      not null,
    created     integer      not null,
    updated     integer      not null,
    unchanged   integer      not null,
    rejected    integer      not null,
    rejections  text         not null,
    received_at timestamptz  not null,
    finished_at timestamptz  not null
);
create index erp_file_import_received on erp_file_import (received_at desc);

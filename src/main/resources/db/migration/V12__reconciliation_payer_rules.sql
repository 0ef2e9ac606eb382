-- Owned by the INVOICES module (an index structure it serves through Receivables.customersWithNameToken): the words of
-- each customer's name, lower case, common Latin accents dropped, split at anything but a-z and 0-9. Generated, so
-- every writer (JPA upserts, bulk COPY) keeps it right; the GIN index makes "customers named with this word" an index
-- look-up whose cost does not grow with the number of customers that do not carry the word.
alter table customer add column name_tokens text[] generated always as (
    regexp_split_to_array(
        translate(lower(name), 'àáâãäåāăçćčďèéêëēėęěìíîïīłñńňòóôõöøōőřśšťùúûüūůűýÿžźż',
                                'aaaaaaaacccdeeeeeeeeiiiiilnnnoooooooorsstuuuuuuuyyzzz'),
        '[^a-z0-9]+')) stored;
create index customer_name_tokens on customer using gin (name_tokens);

-- Reconciliation: what identifies a payer, beyond the IBANs the ERP gives.
--  kind IBAN: payments from this IBAN are this customer's (value = IBAN, upper case without spaces);
--  kind REFERENCE: the customer's payments carry this reference (value = the text; match EXACT = the same letters and
--  digits appear as one word or adjacent words, PREFIX = a word starts with it, REGEX = a Java regular expression found
--  in the remittance, case-insensitive).
-- origin CONFIGURED (through the API: accepted at once) or LEARNED (from a person's manual allocation: PROPOSED until
-- an operator accepts or rejects it). Only ACCEPTED rules are strong evidence; PROPOSED ones may only make suggestions;
-- REJECTED ones are never used.
create table payer_rule (
    id               uuid primary key,
    customer_ref     varchar(64)  not null,
    kind             varchar(16)  not null check (kind in ('IBAN', 'REFERENCE')),
    value            varchar(255) not null,
    -- what look-ups compare: IBAN upper case without spaces; EXACT/PREFIX reference upper case, letters and digits only;
    -- REGEX null (every regular expression is tried)
    value_key        varchar(255),
    match            varchar(8)   not null default 'EXACT' check (match in ('EXACT', 'PREFIX', 'REGEX')),
    status           varchar(16)  not null check (status in ('PROPOSED', 'ACCEPTED', 'REJECTED')),
    origin           varchar(16)  not null check (origin in ('CONFIGURED', 'LEARNED')),
    -- LEARNED: the bank transaction whose manual allocation taught it, and how many allocations agreed since
    evidence_transaction_id uuid,
    evidence         text,
    times_seen       integer      not null default 1,
    created_at       timestamptz  not null,
    created_by       varchar(64)  not null,
    decided_at       timestamptz,
    decided_by       varchar(64),
    decision_reason  text,
    unique (kind, value, match, customer_ref)
);
create index payer_rule_key on payer_rule (kind, value_key);
create index payer_rule_customer on payer_rule (customer_ref, kind);
create index payer_rule_status on payer_rule (status, created_at);

-- IBANs learned silently before this migration become proposals an operator confirms or rejects.
insert into payer_rule (id, customer_ref, kind, value, value_key, match, status, origin, evidence, created_at, created_by)
select gen_random_uuid(), customer_ref, 'IBAN', iban, iban, 'EXACT', 'PROPOSED', 'LEARNED',
       'learned before proposed rules existed (' || source || ')', confirmed_at, 'system'
from learned_payer;
drop table learned_payer;

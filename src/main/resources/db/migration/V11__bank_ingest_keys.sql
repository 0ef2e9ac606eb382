-- Bulk ingestion (issue #3: parse + store >= 50,000 entries/s). Measured lever by lever, see README "Benchmarks".

-- Only the bank module's Java code reads these columns (no SQL operator on their content but the array length):
-- json is stored as the text Jackson wrote, without jsonb's binary conversion on every insert.
alter table bank_entry
    alter column details type json using details::json,
    alter column charges type json using charges::json,
    alter column amount_details type json using amount_details::json;
-- The transaction's identity in the unique index as 16 bytes: the first half of SHA-256 over the account and the key
-- (length-prefixed account, so no two pairs give the same text). A long text key in a btree is compared with the
-- database's collation on every insert and probe. identity_key stays, for people.
alter table bank_entry add column identity_hash uuid;
update bank_entry
set identity_hash = encode(substring(sha256(convert_to(length(account_key) || ':' || account_key || identity_key, 'UTF8'))
                                     from 1 for 16), 'hex')::uuid;
alter table bank_entry alter column identity_hash set not null;
alter table bank_entry drop constraint bank_entry_identity;
create unique index bank_entry_identity on bank_entry (identity_hash);

-- The four foreign keys of the two bulk tables are checked row by row (one trigger query per row and key: 400,000 for
-- 100,000 lines), about a third of an import's time. The importer is their only writer: one transaction, whole or
-- nothing, each row pointing at the statement it has just inserted, at a transaction it has just inserted or locked;
-- it fails the import if a new line were left without its transaction. Nothing deletes statements or transactions,
-- so the cascades never ran. BankIntegrityTest counts orphans (0) after importing the whole sample corpus twice.
alter table bank_entry
    drop constraint bank_entry_statement_id_fkey,
    drop constraint bank_entry_first_statement_id_fkey;
alter table bank_entry_line
    drop constraint bank_entry_line_statement_id_fkey,
    drop constraint bank_entry_line_entry_id_fkey;
-- only the dropped foreign key's cascade needed it: every read goes by statement (the primary key) or by transaction id
drop index bank_entry_line_entry;

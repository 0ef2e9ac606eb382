-- Bulk ingestion (issue #3: parse + store >= 50,000 entries/s). Measured lever by lever, see README "Benchmarks".

-- Only the bank module's Java code reads these columns (no SQL operator on their content but the array length):
-- json is stored as the text Jackson wrote, without jsonb's binary conversion on every insert.
alter table bank_entry
    alter column details type json using details::json,
    alter column charges type json using charges::json,
    alter column amount_details type json using amount_details::json;

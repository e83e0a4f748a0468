-- PostgreSQL support starts with the schema as it stands at 010 (010_second_edition.sql creates it whole);
-- this number exists so both engines share one numbered sequence.
SELECT 1;

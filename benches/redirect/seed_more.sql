-- 90,000 more partners (100,000 in all), to fill the resolution cache to
-- its default capacity of 100,000 entries for the memory reading.
\set first 10001
\set last 100000
\ir partners.sql

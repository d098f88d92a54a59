-- 90,000 more partners (100,000 in all), to fill the resolution cache to
-- its default capacity of 100,000 entries for the memory reading.
INSERT INTO users (email, name, password_hash)
SELECT 'p' || i || '@bench.example', 'Partner ' || i, NULL FROM generate_series(10001, 100000) i;
INSERT INTO partnerships (vendor_id, user_id, group_id, code)
SELECT v.id, u.id, g.id, 'bp' || lpad(i::text, 6, '0')
FROM generate_series(10001, 100000) i
JOIN users u ON u.email = 'p' || i || '@bench.example'
JOIN vendors v ON v.slug = 'bench'
JOIN partner_groups g ON g.vendor_id = v.id AND g.slug = 'group-' || (1 + (i - 1) % 1000);

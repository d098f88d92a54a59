-- Partners :first to :last (psql variables), spread over the 1,000 groups.
INSERT INTO users (email, name, password_hash)
SELECT 'p' || i || '@bench.example', 'Partner ' || i, NULL FROM generate_series(:first, :last) i;
INSERT INTO partnerships (vendor_id, user_id, group_id, code, partner_name)
SELECT v.id, u.id, g.id, 'bp' || lpad(i::text, 6, '0'), u.name
FROM generate_series(:first, :last) i
JOIN users u ON u.email = 'p' || i || '@bench.example'
JOIN vendors v ON v.slug = 'bench'
JOIN partner_groups g ON g.vendor_id = v.id AND g.slug = 'group-' || (1 + (i - 1) % 1000);

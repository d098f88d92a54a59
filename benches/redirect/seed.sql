-- The benchmark's program: 1,000 groups × 3 links, 10,000 partners spread
-- over them, an ad for a quarter of the partners.
INSERT INTO users (email, name, password_hash) VALUES ('owner@bench.example', 'Bench Owner', NULL);
INSERT INTO vendors (name, slug, website, allowed_domains) VALUES ('Bench', 'bench', 'https://bench.example/', '{bench.example}');
INSERT INTO vendor_members (vendor_id, user_id, role)
SELECT v.id, u.id, 'owner' FROM vendors v, users u WHERE v.slug = 'bench' AND u.email = 'owner@bench.example';
INSERT INTO partner_groups (vendor_id, name, slug, destination_url, is_default)
SELECT v.id, 'Group ' || g, 'group-' || g, 'https://bench.example/g' || g, g = 1
FROM vendors v, generate_series(1, 1000) g WHERE v.slug = 'bench';
INSERT INTO links (vendor_id, group_id, kind, is_original, title, destination_url, utm_source, utm_campaign, code)
SELECT g.vendor_id, g.id, 'default', n = 1, 'Link ' || n, g.destination_url || '/p' || n || '?plan=pro', 'partners', 'bench',
       'b' || substr(g.slug, 7) || '-' || n
FROM partner_groups g, generate_series(1, 3) n
WHERE g.vendor_id = (SELECT id FROM vendors WHERE slug = 'bench');
\set first 1
\set last 10000
\ir partners.sql
INSERT INTO ads (partnership_id, name, media_type, starts_on, code)
SELECT p.id, 'Spring', 'social', current_date, 'spring'
FROM partnerships p WHERE p.vendor_id = (SELECT id FROM vendors WHERE slug = 'bench') AND p.id % 4 = 0;

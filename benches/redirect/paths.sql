-- 10,000 distinct valid tracking paths: each partner with one of its
-- group's links, through its ad when it has one.
SELECT '/go/' || l.code || '/' || p.code || coalesce('/' || a.code, '')
FROM partnerships p
JOIN LATERAL (SELECT code FROM links WHERE group_id = p.group_id ORDER BY id OFFSET (p.id % 3) LIMIT 1) l ON true
LEFT JOIN ads a ON a.partnership_id = p.id
WHERE p.vendor_id = (SELECT id FROM vendors WHERE slug = 'bench')
ORDER BY p.id;

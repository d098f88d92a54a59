-- A POST sent with an `Idempotency-Key` is answered once: the same key and
-- body again (a retry) get the first answer back for 24 hours, another
-- body under the same key is a 409. Kept per API key (its hash), never the
-- key itself; `status` is NULL while the first request is still running.
CREATE TABLE api_idempotency (
    key_hash     TEXT NOT NULL,
    idempotency  TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INT,
    body         BYTEA,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (key_hash, idempotency)
);
CREATE INDEX api_idempotency_created_idx ON api_idempotency (created_at);

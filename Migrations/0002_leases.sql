-- Leases: a TTL that keys can be attached to. Deadlines live in memory and are reset to
-- now + ttl when the store opens (as etcd's lessor does on recovery); only the grant is durable.
CREATE TABLE lease (
    id          INTEGER PRIMARY KEY,
    ttl_seconds INTEGER NOT NULL,
    granted_ns  INTEGER NOT NULL
);

-- Finds the keys attached to leases when the store opens.
CREATE INDEX kv_log_lease ON kv_log (lease) WHERE lease != 0;

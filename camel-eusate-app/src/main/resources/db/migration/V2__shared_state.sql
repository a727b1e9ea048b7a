-- What several instances of the application share in the database: the consumers' positions, the fencing generation
-- of each consumer route, the sessions to poll, and the keys the routes' idempotent consumers have processed.
-- Plain SQL that H2 and PostgreSQL both accept.

-- One row per key of a consumer's state (a conversation's cursor or snapshot, a session's index or started marker).
CREATE TABLE eusate_state (
    state_key   VARCHAR(1024) NOT NULL PRIMARY KEY,
    state_value VARCHAR NOT NULL
);

-- The tenure of each consumer route (one per pipeline and shard): it goes up each time an instance takes the route
-- over, and a write carries the generation it was made under, so a former holder's late writes are refused.
CREATE TABLE eusate_fence (
    fence      VARCHAR(255) NOT NULL PRIMARY KEY,
    generation BIGINT NOT NULL
);

-- The customer sessions the consumer routes poll, read at every poll.
CREATE TABLE eusate_session (
    session_id VARCHAR(255) NOT NULL PRIMARY KEY,
    added_at   TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);

-- The keys an idempotent consumer has processed, per repository (crm: the conversations posted to the CRM).
CREATE TABLE eusate_processed (
    repository VARCHAR(64) NOT NULL,
    processed  VARCHAR(1024) NOT NULL,
    PRIMARY KEY (repository, processed)
);

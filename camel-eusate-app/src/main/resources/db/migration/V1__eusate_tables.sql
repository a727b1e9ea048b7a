-- The sink tables of the database routes. Plain SQL that H2 and PostgreSQL both accept.
CREATE TABLE eusate_conversation (
    id                VARCHAR(255) NOT NULL PRIMARY KEY,
    session_id        VARCHAR(255) NOT NULL,
    date_created      TIMESTAMP WITH TIME ZONE,
    date_updated      TIMESTAMP WITH TIME ZONE,
    closed            BOOLEAN,
    close_support     BOOLEAN,
    read_by_customer  BOOLEAN,
    read_by_agent     BOOLEAN,
    responder         VARCHAR(64),
    ticket            VARCHAR(255),
    ticket_slug       VARCHAR(255),
    latest_message_id VARCHAR(255),
    removed           BOOLEAN NOT NULL DEFAULT FALSE,
    raw_json          VARCHAR NOT NULL
);

CREATE TABLE eusate_message (
    id                  VARCHAR(255) NOT NULL PRIMARY KEY,
    conversation_id     VARCHAR(255) NOT NULL,
    session_id          VARCHAR(255) NOT NULL,
    date_created        TIMESTAMP WITH TIME ZONE,
    date_updated        TIMESTAMP WITH TIME ZONE,
    message             VARCHAR,
    sender              VARCHAR(64),
    is_attachment       BOOLEAN,
    attachment_metadata VARCHAR,
    raw_json            VARCHAR NOT NULL
);

CREATE INDEX eusate_message_by_conversation ON eusate_message (conversation_id, date_created);

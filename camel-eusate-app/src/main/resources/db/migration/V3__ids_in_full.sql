-- Ids, state keys and texts are stored in full: no column of ids or text has a length limit (CAST to VARCHAR(n)
-- truncates silently, so two long keys would share a row). Plain SQL that H2 and PostgreSQL both accept.
ALTER TABLE eusate_state ALTER COLUMN state_key SET DATA TYPE VARCHAR;
ALTER TABLE eusate_fence ALTER COLUMN fence SET DATA TYPE VARCHAR;
ALTER TABLE eusate_session ALTER COLUMN session_id SET DATA TYPE VARCHAR;
ALTER TABLE eusate_processed ALTER COLUMN repository SET DATA TYPE VARCHAR;
ALTER TABLE eusate_processed ALTER COLUMN processed SET DATA TYPE VARCHAR;
ALTER TABLE eusate_conversation ALTER COLUMN id SET DATA TYPE VARCHAR;
ALTER TABLE eusate_conversation ALTER COLUMN session_id SET DATA TYPE VARCHAR;
ALTER TABLE eusate_conversation ALTER COLUMN responder SET DATA TYPE VARCHAR;
ALTER TABLE eusate_conversation ALTER COLUMN ticket SET DATA TYPE VARCHAR;
ALTER TABLE eusate_conversation ALTER COLUMN ticket_slug SET DATA TYPE VARCHAR;
ALTER TABLE eusate_conversation ALTER COLUMN latest_message_id SET DATA TYPE VARCHAR;
ALTER TABLE eusate_message ALTER COLUMN id SET DATA TYPE VARCHAR;
ALTER TABLE eusate_message ALTER COLUMN conversation_id SET DATA TYPE VARCHAR;
ALTER TABLE eusate_message ALTER COLUMN session_id SET DATA TYPE VARCHAR;
ALTER TABLE eusate_message ALTER COLUMN sender SET DATA TYPE VARCHAR;

MERGE INTO eusate_conversation t
USING (VALUES (CAST(:?id AS VARCHAR), CAST(:?session_id AS VARCHAR),
               CAST(:?date_created AS TIMESTAMP WITH TIME ZONE), CAST(:?date_updated AS TIMESTAMP WITH TIME ZONE),
               CAST(:?closed AS BOOLEAN), CAST(:?close_support AS BOOLEAN), CAST(:?read_by_customer AS BOOLEAN),
               CAST(:?read_by_agent AS BOOLEAN), CAST(:?responder AS VARCHAR), CAST(:?ticket AS VARCHAR),
               CAST(:?ticket_slug AS VARCHAR), CAST(:?latest_message_id AS VARCHAR),
               CAST(:?removed AS BOOLEAN), CAST(:?raw_json AS VARCHAR)))
      AS s (id, session_id, date_created, date_updated, closed, close_support, read_by_customer, read_by_agent,
            responder, ticket, ticket_slug, latest_message_id, removed, raw_json)
ON t.id = s.id
WHEN MATCHED AND (t.date_updated IS NULL OR s.date_updated IS NULL OR t.date_updated <= s.date_updated)
    THEN UPDATE SET session_id = s.session_id, date_created = s.date_created, date_updated = s.date_updated,
    closed = s.closed, close_support = s.close_support, read_by_customer = s.read_by_customer,
    read_by_agent = s.read_by_agent, responder = s.responder, ticket = s.ticket, ticket_slug = s.ticket_slug,
    latest_message_id = s.latest_message_id, removed = s.removed, raw_json = s.raw_json
WHEN NOT MATCHED THEN INSERT (id, session_id, date_created, date_updated, closed, close_support, read_by_customer,
    read_by_agent, responder, ticket, ticket_slug, latest_message_id, removed, raw_json)
    VALUES (s.id, s.session_id, s.date_created, s.date_updated, s.closed, s.close_support, s.read_by_customer,
    s.read_by_agent, s.responder, s.ticket, s.ticket_slug, s.latest_message_id, s.removed, s.raw_json)

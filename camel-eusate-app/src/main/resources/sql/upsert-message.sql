MERGE INTO eusate_message t
USING (VALUES (CAST(:?id AS VARCHAR), CAST(:?conversation_id AS VARCHAR), CAST(:?session_id AS VARCHAR),
               CAST(:?date_created AS TIMESTAMP WITH TIME ZONE), CAST(:?date_updated AS TIMESTAMP WITH TIME ZONE),
               CAST(:?message AS VARCHAR), CAST(:?sender AS VARCHAR), CAST(:?is_attachment AS BOOLEAN),
               CAST(:?attachment_metadata AS VARCHAR), CAST(:?raw_json AS VARCHAR)))
      AS s (id, conversation_id, session_id, date_created, date_updated, message, sender, is_attachment,
            attachment_metadata, raw_json)
ON t.id = s.id
WHEN MATCHED THEN UPDATE SET conversation_id = s.conversation_id, session_id = s.session_id,
    date_created = s.date_created, date_updated = s.date_updated, message = s.message, sender = s.sender,
    is_attachment = s.is_attachment, attachment_metadata = s.attachment_metadata, raw_json = s.raw_json
WHEN NOT MATCHED THEN INSERT (id, conversation_id, session_id, date_created, date_updated, message, sender,
    is_attachment, attachment_metadata, raw_json)
    VALUES (s.id, s.conversation_id, s.session_id, s.date_created, s.date_updated, s.message, s.sender,
    s.is_attachment, s.attachment_metadata, s.raw_json)

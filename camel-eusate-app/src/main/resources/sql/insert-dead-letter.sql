INSERT INTO eusate_dead_letter (route, session_id, conversation_id, message_id, body, error)
VALUES (:?route, :?session_id, :?conversation_id, :?message_id, :?body, :?error)

package io.github.cameleusate.app;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Which sink failures no retry can mend, so the record is dead-lettered and its conversation moves on: a database's
 * data exception or constraint violation (SQLState class 22 or 23), a Kafka record too large, invalid, or that cannot be
 * serialized. Anything else (the database or the broker down, a timeout) is transient: the conversation is tried again
 * on a later poll, nothing is dead-lettered.
 */
@ApplicationScoped
@Named("eusatePoisonRecords")
public class PoisonRecords {

    public boolean isPermanent(Exception failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
            if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidRecordException || e instanceof SerializationException) {
                return true;
            }
        }
        return false;
    }
}

package io.github.cameleusate.app;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * An application with no session to poll is misconfigured: it stops at startup with one line saying how to give it
 * sessions, rather than running and syncing nothing. The sessions are the table's (eusate_session, where
 * eusate.session-ids has been added by then), so this is checked once the database is there.
 */
@Singleton
public class SessionsRequired {

    void check(@Observes StartupEvent started, @Named("eusateSessions") JdbcSessionSource sessions) {
        if (sessions.sessionIds().isEmpty()) {
            throw new ConfigurationException("No sessions to poll: the table eusate_session is empty and eusate.session-ids"
                                             + " (EUSATE_SESSION_IDS) adds none. Set EUSATE_SESSION_IDS=session-a,session-b"
                                             + " or add rows to eusate_session");
        }
    }
}

package io.github.cameleusate.app;

import java.util.List;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource.DataSourceLiteral;
import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The beans the routes refer to: the database they write to, the sessions they poll and the idempotent repositories
 * they dedupe with, all in that database so that every instance of the application shares them.
 */
public class SinkProducers {

    /**
     * The datasource named by eusate.db.kind: "h2" (the embedded default) or "postgresql" (profile postgresql). Only
     * that one is active; the other is never connected.
     */
    @Produces
    @Singleton
    @Named("eusateDataSource")
    AgroalDataSource eusateDataSource(ApplicationSettings settings) {
        return Arc.container().select(AgroalDataSource.class, new DataSourceLiteral(settings.db().kind())).get();
    }

    /** The sessions the consumer routes poll (table eusate_session), seeded with eusate.session-ids. */
    @Produces
    @Singleton
    @Named("eusateSessions")
    JdbcSessionSource eusateSessions(@Named("eusateDataSource") AgroalDataSource dataSource,
                                     ApplicationSettings settings) {
        return new JdbcSessionSource(dataSource, settings.sessionIds().orElse(List.of()));
    }

    /** The message ids the classic route has already written (Camel's idempotent consumer). */
    @Produces
    @Singleton
    @Named("eusateSeenMessages")
    JdbcIdempotentRepository eusateSeenMessages(@Named("eusateDataSource") AgroalDataSource dataSource) {
        return new JdbcIdempotentRepository(dataSource, "seen-messages");
    }

    /** The conversations whose transcript the CRM route has posted. */
    @Produces
    @Singleton
    @Named("eusateCrmPosted")
    JdbcIdempotentRepository eusateCrmPosted(@Named("eusateDataSource") AgroalDataSource dataSource) {
        return new JdbcIdempotentRepository(dataSource, "crm");
    }
}

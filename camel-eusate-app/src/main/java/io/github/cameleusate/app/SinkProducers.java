package io.github.cameleusate.app;

import java.nio.file.Path;

import io.quarkus.agroal.DataSource.DataSourceLiteral;
import io.quarkus.arc.Arc;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The beans the sink routes refer to: the database they write to and the idempotent repositories they dedupe with. */
public class SinkProducers {

    /**
     * The datasource named by eusate.db.kind: "h2" (the embedded default) or "postgresql" (profile postgresql). Only
     * that one is active; the other is never connected.
     */
    @Produces
    @Singleton
    @Named("eusateDataSource")
    AgroalDataSource eusateDataSource(@ConfigProperty(name = "eusate.db.kind") String kind) {
        if (!kind.equals("h2") && !kind.equals("postgresql")) {
            throw new IllegalArgumentException("Invalid eusate.db.kind '" + kind + "': use h2 or postgresql");
        }
        return Arc.container().select(AgroalDataSource.class, new DataSourceLiteral(kind)).get();
    }

    /** The message ids the classic route has already written (Camel's idempotent consumer). */
    @Produces
    @Singleton
    @Named("eusateSeenMessages")
    FileIdempotentRepository eusateSeenMessages(@ConfigProperty(name = "eusate.data-dir") Path dataDir) {
        return repository(dataDir.resolve("seen-messages.dat"));
    }

    /** The conversations whose transcript the CRM route has posted. */
    @Produces
    @Singleton
    @Named("eusateCrmPosted")
    FileIdempotentRepository eusateCrmPosted(@ConfigProperty(name = "eusate.data-dir") Path dataDir) {
        return repository(dataDir.resolve("crm-posted.dat"));
    }

    private static FileIdempotentRepository repository(Path file) {
        FileIdempotentRepository repository = new FileIdempotentRepository();
        repository.setFileStore(file.toFile());
        repository.setCacheSize(100_000);
        repository.setMaxFileStoreSize(64L * 1024 * 1024);
        return repository;
    }
}

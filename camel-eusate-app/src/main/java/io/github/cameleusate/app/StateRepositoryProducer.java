package io.github.cameleusate.app;

import java.nio.file.Path;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The application's persistent consumer state ({@code #eusateState}): a FileStateRepository in the data directory, so
 * a restarted application resumes where it stopped.
 */
public class StateRepositoryProducer {

    @Produces
    @Singleton
    @Named("eusateState")
    FileStateRepository eusateState(@ConfigProperty(name = "eusate.data-dir") Path dataDir,
                                    @ConfigProperty(name = "eusate.state.max-file-size") long maxFileSize) {
        // the file is appended to until it reaches maxFileSize, then rewritten from memory at every change: keep it
        // well above the size of one entry per conversation
        return FileStateRepository.fileStateRepository(dataDir.resolve("eusate-state.dat").toFile(), maxFileSize);
    }

    /** Writes the state out compacted; only a repository that a consumer started has anything to write. */
    void close(@Disposes @Named("eusateState") FileStateRepository repository) {
        if (repository.isStarted()) {
            ServiceHelper.stopService(repository);
        }
    }
}

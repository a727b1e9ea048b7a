package io.github.cameleusate.app;

import java.nio.file.Path;

import io.github.cameleusate.component.EusateComponent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The application gives every eusate consumer a persistent state repository in its data directory by default. */
@QuarkusTest
class ApplicationStateTest {

    @Inject
    CamelContext context;

    @Test
    void consumersKeepTheirStateInAFileUnderTheDataDirectory() {
        EusateComponent eusate = context.getComponent("eusate", EusateComponent.class);

        FileStateRepository state = assertInstanceOf(FileStateRepository.class,
                eusate.getConfiguration().getStateRepository());
        Path file = state.getFileStore().getAbsoluteFile().toPath().normalize();
        assertEquals("eusate-state.dat", file.getFileName().toString());
        assertEquals(Path.of("target/test-data").toAbsolutePath(), file.getParent().getParent(), file.toString());
    }
}

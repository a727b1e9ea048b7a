package io.github.cameleusate.app;

import io.github.cameleusate.component.EusateComponent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The application's {@code eusate} component: pointed at the built-in simulator where that runs. Everything else,
 * including the API key, comes from {@code camel.component.eusate.*} in application.properties, which Camel applies
 * after this.
 */
public class EusateComponentProducer {

    @Produces
    @Singleton
    @Named("eusate")
    EusateComponent eusate(EmbeddedSimulator embedded) {
        EusateComponent component = new EusateComponent();
        if (embedded.isEnabled()) {
            component.getConfiguration().setBaseUrl(embedded.simulator().baseUrl());
        }
        return component;
    }
}

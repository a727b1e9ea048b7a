package io.github.cameleusate.app;

import io.github.cameleusate.component.EusateComponent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The application's {@code eusate} component: recording its metrics on Quarkus' registry, and pointed at the built-in
 * simulator where that runs. Everything else, including the API key, comes from {@code camel.component.eusate.*} in
 * application.properties, which Camel applies after this.
 */
public class EusateComponentProducer {

    @Produces
    @Singleton
    @Named("eusate")
    EusateComponent eusate(EmbeddedSimulator embedded, MeterRegistry meterRegistry) {
        EusateComponent component = new EusateComponent();
        // Quarkus' registry (served at /q/metrics); set here because Camel sees several MeterRegistry beans
        component.setMeterRegistry(meterRegistry);
        if (embedded.isEnabled()) {
            component.getConfiguration().setBaseUrl(embedded.simulator().baseUrl());
        }
        return component;
    }
}

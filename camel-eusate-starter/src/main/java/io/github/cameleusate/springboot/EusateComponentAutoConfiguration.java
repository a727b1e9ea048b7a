package io.github.cameleusate.springboot;

import io.github.cameleusate.component.EusateComponent;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The eusate component in a Spring Boot application: every {@code camel.component.eusate.*} option from Spring's
 * environment (application.properties or YAML, profiles, environment variables such as
 * {@code CAMEL_COMPONENT_EUSATE_APIKEY}), and Spring Boot's {@code MeterRegistry} where the application has one.
 * {@code camel.component.eusate.enabled=false} turns it off.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class,
                   afterName = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBean(CamelContext.class)
@ConditionalOnProperty(prefix = EusateComponentOptions.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
public class EusateComponentAutoConfiguration {

    /**
     * The options of the component named eusate, as in Camel Main: other instances (a Kamelet's own component, one the
     * application adds under another name) keep their own settings.
     */
    @Bean
    public ComponentCustomizer eusateComponentOptions(Environment environment) {
        EusateComponentOptions options = EusateComponentOptions.of();
        return new ComponentCustomizer() {
            @Override
            public boolean isEnabled(String name, Component target) {
                return EusateComponentOptions.NAME.equals(name) && target instanceof EusateComponent;
            }

            @Override
            public void configure(String name, Component target) {
                options.bind((EusateComponent) target, options.from(environment));
            }
        };
    }

    /** Apart, so that nothing of Micrometer is loaded where the application does not have it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Metrics {

        @Bean
        public ComponentCustomizer eusateMeterRegistry(ObjectProvider<MeterRegistry> registry, Environment environment) {
            // every instance records on the application's registry, a Kamelet's own component too
            return ComponentCustomizer.forType(EusateComponent.class, component -> {
                // an explicit camel.component.eusate.meter-registry wins over Spring Boot's (primary) registry
                if (component.getMeterRegistry() == null
                        && !environment.containsProperty(EusateComponentOptions.PREFIX + ".meter-registry")) {
                    registry.ifAvailable(component::setMeterRegistry);
                }
            });
        }
    }
}

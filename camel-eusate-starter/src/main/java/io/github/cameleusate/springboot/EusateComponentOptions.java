package io.github.cameleusate.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cameleusate.component.EusateComponent;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.StringHelper;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The component's options, as its generated metadata ({@code eusate.json}) lists them, bound from Spring's
 * environment: {@code camel.component.eusate.<option in kebab case>}, with Spring's relaxed binding (so also
 * {@code apiKey} in a properties file and {@code CAMEL_COMPONENT_EUSATE_APIKEY} in the environment). A value is
 * converted by Camel, as Camel Main does it: durations as {@code 30s}, beans as {@code #bean:name}.
 */
final class EusateComponentOptions {

    static final String NAME = "eusate";
    static final String PREFIX = "camel.component." + NAME;
    private static final String COMPONENT_JSON = "META-INF/io/github/cameleusate/component/eusate.json";

    private final List<String> names;
    private final Set<String> secrets;

    private EusateComponentOptions(List<String> names, Set<String> secrets) {
        this.names = names;
        this.secrets = secrets;
    }

    /** The component options, from the metadata in the component's jar. */
    static EusateComponentOptions of() {
        try (InputStream in = EusateComponent.class.getClassLoader().getResourceAsStream(COMPONENT_JSON)) {
            if (in == null) {
                throw new IllegalStateException("The eusate component's metadata " + COMPONENT_JSON + " is not on the classpath");
            }
            List<String> names = new ArrayList<>();
            Set<String> secrets = new HashSet<>();
            new ObjectMapper().readTree(in).get("componentProperties").properties().forEach(option -> {
                names.add(option.getKey());
                if (option.getValue().path("secret").asBoolean()) {
                    secrets.add(option.getKey());
                }
            });
            return new EusateComponentOptions(names, secrets);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the eusate component's metadata: " + e.getMessage(), e);
        }
    }

    /** The options the environment sets, by option name. */
    Map<String, Object> from(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : names) {
            binder.bind(PREFIX + "." + StringHelper.camelCaseToDash(name), String.class)
                    .ifBound(value -> values.put(name, value));
        }
        return values;
    }

    /** Sets the given options on the component; an option it cannot take fails naming the property and the value. */
    void bind(EusateComponent component, Map<String, Object> values) {
        for (Map.Entry<String, Object> option : values.entrySet()) {
            String property = PREFIX + "." + StringHelper.camelCaseToDash(option.getKey());
            try {
                PropertyBindingSupport.build().withCamelContext(component.getCamelContext()).withTarget(component)
                        .withConfigurer(component.getComponentPropertyConfigurer())
                        .withMandatory(true).withIgnoreCase(true)
                        .withProperty(option.getKey(), option.getValue()).bind();
            } catch (RuntimeException e) {
                if (secrets.contains(option.getKey())) {
                    // Camel's message and cause would repeat the value
                    throw new IllegalArgumentException("Invalid " + property + " (a secret, not shown)");
                }
                throw new IllegalArgumentException("Invalid " + property + " = " + option.getValue() + ": " + rootMessage(e), e);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}

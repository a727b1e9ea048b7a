package io.github.cameleusate.component;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kamelets against the rules of the camel-kamelets catalog's validator (script/validator/validator.go): icon and
 * catalog annotations, type label and name, titles, described and typed properties, credentials descriptors for
 * passwords, every declared parameter used and every used one declared; and an output type with a JSON schema. The
 * one rule not followed: the provider is camel-eusate, not the Apache Software Foundation.
 */
class KameletCatalogRulesTest {

    private static final Pattern PARAMETER = Pattern.compile("\\{\\{[?]?([A-Za-z0-9-._]+)(?::[^}]*)?}}");

    @ParameterizedTest
    @ValueSource(strings = { "eusate-messages-source", "eusate-conversations-source" })
    @SuppressWarnings("unchecked")
    void theKameletFollowsTheCatalogsRules(String name) throws IOException {
        Map<String, Object> kamelet = kamelet(name);
        Map<String, Object> metadata = (Map<String, Object>) kamelet.get("metadata");
        Map<String, Object> annotations = (Map<String, Object>) metadata.get("annotations");
        Map<String, Object> labels = (Map<String, Object>) metadata.get("labels");
        Map<String, Object> spec = (Map<String, Object>) kamelet.get("spec");
        Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");

        assertEquals(name, metadata.get("name"));
        assertTrue(String.valueOf(annotations.get("camel.apache.org/kamelet.icon")).startsWith("data:image/svg+xml;base64,"));
        assertTrue(String.valueOf(annotations.get("camel.apache.org/catalog.version")).matches("\\d+\\.\\d+\\.\\d+.*"),
                "the catalog version is the project's: " + annotations.get("camel.apache.org/catalog.version"));
        assertTrue(annotations.containsKey("camel.apache.org/provider"));
        assertEquals("source", labels.get("camel.apache.org/kamelet.type"));
        assertTrue(name.endsWith("-source") && String.valueOf(definition.get("title")).endsWith("Source"));
        assertTrue(!String.valueOf(definition.get("description")).isBlank());
        assertEquals("object", definition.get("type"));

        List<String> errors = new ArrayList<>();
        properties.forEach((property, p) -> {
            String title = String.valueOf(p.get("title"));
            if (p.get("type") == null || p.get("description") == null || p.get("title") == null) {
                errors.add(property + ": type, title and description are required");
            }
            if (title.startsWith("The ") || title.startsWith("A ") || title.startsWith("An ")) {
                errors.add(property + ": a title starting with an article");
            }
            for (String word : title.split(" ")) {
                if (word.length() > 3 && !Character.isUpperCase(word.charAt(0))) {
                    errors.add(property + ": a word of the title not capitalized: " + word);
                }
            }
            List<String> descriptors = (List<String>) p.getOrDefault("x-descriptors", List.of());
            if ("password".equals(p.get("format")) && !descriptors.contains("urn:camel:group:credentials")) {
                errors.add(property + ": a password without urn:camel:group:credentials");
            }
            if (descriptors.stream().anyMatch(d -> d.startsWith("urn:alm:descriptor:com.tectonic.ui"))) {
                errors.add(property + ": a removed tectonic descriptor");
            }
        });
        assertEquals(List.of(), errors);
        assertTrue(properties.keySet().containsAll((List<String>) definition.get("required")));

        Set<String> declared = new TreeSet<>(properties.keySet());
        ((List<Map<String, Object>>) ((Map<String, Object>) spec.get("template")).getOrDefault("beans", List.of()))
                .forEach(bean -> declared.add(String.valueOf(bean.get("name"))));
        Set<String> used = new TreeSet<>();
        collectParameters(spec.get("template"), used);
        assertEquals(declared, used, "every declared parameter used, every used one declared");
        assertTrue(properties.keySet().containsAll(
                List.of("concurrency", "maxMessagesPerPoll", "maxRequestsPerSecond", "removalConfirmations", "requestTimeout")));

        Map<String, Object> out = (Map<String, Object>) ((Map<String, Object>) spec.get("types")).get("out");
        assertEquals("application/json", out.get("mediaType"));
        assertEquals("object", ((Map<String, Object>) out.get("schema")).get("type"));
    }

    /** The properties of the JSON schema of what the Kamelet emits. */
    @SuppressWarnings("unchecked")
    static Set<String> outputSchemaProperties(String name) throws IOException {
        Map<String, Object> spec = (Map<String, Object>) kamelet(name).get("spec");
        Map<String, Object> out = (Map<String, Object>) ((Map<String, Object>) spec.get("types")).get("out");
        return ((Map<String, Object>) ((Map<String, Object>) out.get("schema")).get("properties")).keySet();
    }

    @SuppressWarnings("unchecked")
    private static void collectParameters(Object node, Set<String> used) {
        if (node instanceof String text) {
            Matcher m = PARAMETER.matcher(text);
            while (m.find()) {
                used.add(m.group(1));
            }
        } else if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> collectParameters(v, used));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectParameters(v, used));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kamelet(String name) throws IOException {
        try (InputStream in = KameletCatalogRulesTest.class.getClassLoader()
                .getResourceAsStream("kamelets/" + name + ".kamelet.yaml")) {
            assertTrue(in != null, name + " is not in the jar under kamelets/");
            return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        }
    }
}

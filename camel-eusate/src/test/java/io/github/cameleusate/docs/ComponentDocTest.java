package io.github.cameleusate.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The option and header tables of src/main/docs/eusate-component.adoc, in Camel's documentation format, are rendered
 * from the component JSON that camel-component-maven-plugin generates, between Camel's markers
 * ({@code // component options: START} ...). A local build rewrites them; on CI (CI=true) a document that differs from
 * what the build renders fails.
 */
class ComponentDocTest {

    private static final String COMPONENT_JSON = "META-INF/io/github/cameleusate/component/eusate.json";

    @Test
    void everyOptionHasALabelAndADescriptionAndTheKeyIsSecret() throws IOException {
        JsonNode json = componentJson();
        for (String section : new String[] { "componentProperties", "properties", "headers" }) {
            for (Map.Entry<String, JsonNode> option : json.get(section).properties()) {
                assertFalse(option.getValue().path("description").asText().isBlank(), section + "." + option.getKey());
                assertFalse(option.getValue().path("label").asText().isBlank(), section + "." + option.getKey());
            }
        }
        assertTrue(json.get("componentProperties").get("apiKey").get("secret").asBoolean());
        assertTrue(json.get("properties").get("apiKey").get("secret").asBoolean());
    }

    @Test
    void theDocumentShowsTheGeneratedOptionsAndHeaders() throws IOException {
        Path doc = Path.of(System.getProperty("component.doc", "src/main/docs/eusate-component.adoc"));
        String text = Files.readString(doc);
        JsonNode json = componentJson();
        String rendered = text;
        rendered = between(rendered, "component options", "== Component Options\n\n"
                + options(json.get("componentProperties"), "The Eusate component supports %d options, set as"
                                                             + " camel.component.eusate.<option> (kebab case in properties files)."));
        rendered = between(rendered, "endpoint options", "== Endpoint Options\n\n"
                + "----\n" + json.get("component").get("syntax").asText() + "\n----\n\n"
                + options(json.get("properties"), "The Eusate endpoint supports %d options."));
        rendered = between(rendered, "component headers", headers(json.get("headers")));
        if (!rendered.equals(text)) {
            if ("true".equals(System.getenv("CI"))) {
                assertEquals(rendered, text, doc + "'s tables are stale: run the tests locally and commit");
            }
            Files.writeString(doc, rendered);
        }
    }

    /** The text with what lies between Camel's START and END markers of the section replaced. */
    private static String between(String text, String section, String content) {
        String start = "// " + section + ": START\n";
        String end = "// " + section + ": END";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertTrue(from >= 0 && to > from, "the document must hold the markers " + start.strip() + " and " + end);
        return text.substring(0, from + start.length()) + content + text.substring(to);
    }

    private static String options(JsonNode options, String intro) {
        StringBuilder adoc = new StringBuilder();
        adoc.append(intro.formatted(options.size())).append("\n\n");
        adoc.append("[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n| Name | Description | Default | Type\n");
        for (Map.Entry<String, JsonNode> option : options.properties()) {
            JsonNode o = option.getValue();
            String type = o.has("enum") ? "enum (" + String.join(", ", o.get("enum").valueStream().map(JsonNode::asText).toList()) + ")"
                    : o.path("type").asText();
            adoc.append("| *").append(option.getKey()).append("* (").append(o.path("group").asText()).append(")")
                    .append(o.path("required").asBoolean() ? " *Required*" : "")
                    .append(o.path("secret").asBoolean() ? " *Secret*" : "")
                    .append(" | ").append(cell(o.path("description").asText()))
                    .append(" | ").append(o.has("defaultValue") ? o.get("defaultValue").asText() : "")
                    .append(" | ").append(type).append("\n");
        }
        return adoc.append("|===\n").toString();
    }

    private static String headers(JsonNode headers) {
        StringBuilder adoc = new StringBuilder("== Message Headers\n\nThe Eusate component supports %d message headers.\n\n"
                .formatted(headers.size()));
        adoc.append("[width=\"100%\",cols=\"2,5,2\",options=\"header\"]\n|===\n| Name | Description | Type\n");
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            adoc.append("| *").append(header.getKey()).append("* (").append(header.getValue().path("group").asText())
                    .append(") | ").append(cell(header.getValue().path("description").asText()))
                    .append(" | ").append(header.getValue().path("javaType").asText()).append("\n");
        }
        return adoc.append("|===\n").toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static JsonNode componentJson() throws IOException {
        try (InputStream in = ComponentDocTest.class.getClassLoader().getResourceAsStream(COMPONENT_JSON)) {
            assertTrue(in != null, COMPONENT_JSON + " was not generated");
            return new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}

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
 * The README's option and header tables are rendered from the component JSON that camel-component-maven-plugin
 * generates. A local build rewrites them; on CI (CI=true) a README that differs from what the build renders fails.
 */
class ReadmeOptionsTest {

    private static final String COMPONENT_JSON = "META-INF/io/github/cameleusate/component/eusate.json";
    private static final String START = "<!-- component-options:start (rendered by the build from eusate.json; do not edit) -->";
    private static final String END = "<!-- component-options:end -->";

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
    void readmeShowsTheGeneratedOptions() throws IOException {
        Path readme = Path.of(System.getProperty("readme", "README.md")); // the top-level README, set by the build
        String text = Files.readString(readme);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertTrue(start >= 0 && end > start, "README.md must hold the markers " + START + " and " + END);
        String rendered = START + "\n\n" + render(componentJson()) + "\n" + END;
        String current = text.substring(start, end + END.length());
        if (!current.equals(rendered)) {
            if ("true".equals(System.getenv("CI"))) {
                assertEquals(rendered, current, "README.md's option tables are stale: run the tests locally and commit");
            }
            Files.writeString(readme, text.substring(0, start) + rendered + text.substring(end + END.length()));
        }
    }

    static String render(JsonNode json) {
        StringBuilder md = new StringBuilder();
        md.append("#### Component options (`camel.component.eusate.*`)\n\n");
        table(md, json.get("componentProperties"));
        md.append("\n#### Endpoint options (`").append(json.get("component").get("syntax").asText()).append("`)\n\n");
        table(md, json.get("properties"));
        md.append("\n#### Headers\n\n| Header | Type | Description |\n|---|---|---|\n");
        for (Map.Entry<String, JsonNode> header : json.get("headers").properties()) {
            md.append("| `").append(header.getKey()).append("` | ").append(header.getValue().path("javaType").asText())
                    .append(" | ").append(cell(header.getValue().path("description").asText())).append(" |\n");
        }
        return md.toString();
    }

    private static void table(StringBuilder md, JsonNode options) {
        md.append("| Option | Group | Type | Default | Description |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, JsonNode> option : options.properties()) {
            JsonNode o = option.getValue();
            String type = o.has("enum") ? "enum: " + String.join(", ", o.get("enum").valueStream().map(JsonNode::asText).toList())
                    : o.path("type").asText();
            md.append("| `").append(option.getKey()).append("`").append(o.path("required").asBoolean() ? " (required)" : "")
                    .append(o.path("secret").asBoolean() ? " (secret)" : "")
                    .append(" | ").append(o.path("group").asText())
                    .append(" | ").append(type)
                    .append(" | ").append(o.has("defaultValue") ? "`" + o.get("defaultValue").asText() + "`" : "")
                    .append(" | ").append(cell(o.path("description").asText())).append(" |\n");
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static JsonNode componentJson() throws IOException {
        try (InputStream in = ReadmeOptionsTest.class.getClassLoader().getResourceAsStream(COMPONENT_JSON)) {
            assertTrue(in != null, COMPONENT_JSON + " was not generated");
            return new ObjectMapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}

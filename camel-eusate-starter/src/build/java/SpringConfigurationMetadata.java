import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the starter's META-INF/spring-configuration-metadata.json from the component's metadata (eusate.json, on the
 * classpath): one property per component option, as EusateComponentOptions binds them, with its type, description,
 * default and allowed values. Run by the build (exec-maven-plugin) with the starter's classpath; the argument is the
 * file to write.
 */
public class SpringConfigurationMetadata {

    private static final String COMPONENT_JSON = "META-INF/io/github/cameleusate/component/eusate.json";
    private static final String PREFIX = "camel.component.eusate";

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        JsonNode component;
        try (InputStream in = SpringConfigurationMetadata.class.getClassLoader().getResourceAsStream(COMPONENT_JSON)) {
            if (in == null) {
                throw new IllegalStateException(COMPONENT_JSON + " is not on the classpath");
            }
            component = mapper.readTree(in);
        }
        String componentType = component.get("component").get("javaType").asText();

        ObjectNode metadata = mapper.createObjectNode();
        metadata.putArray("groups").addObject()
                .put("name", PREFIX)
                .put("type", componentType)
                .put("description", component.get("component").get("description").asText())
                .put("sourceType", componentType);
        ArrayNode properties = metadata.putArray("properties");
        ArrayNode hints = metadata.putArray("hints");
        properties.addObject()
                .put("name", PREFIX + ".enabled")
                .put("type", "java.lang.Boolean")
                .put("description", "Whether to configure the eusate component from camel.component.eusate.*.")
                .put("defaultValue", true);
        for (Map.Entry<String, JsonNode> option : component.get("componentProperties").properties()) {
            JsonNode o = option.getValue();
            String name = PREFIX + "." + kebab(option.getKey());
            ObjectNode property = properties.addObject()
                    .put("name", name)
                    .put("type", springType(o))
                    .put("description", o.get("description").asText()
                            + ("object".equals(o.get("type").asText()) && !o.has("enum") ? " A bean: #bean:name." : ""))
                    .put("sourceType", componentType);
            if (o.has("defaultValue")) {
                property.set("defaultValue", o.get("defaultValue"));
            }
            if (o.path("deprecated").asBoolean()) {
                property.putObject("deprecation");
            }
            if (o.has("enum")) {
                ArrayNode values = hints.addObject().put("name", name).putArray("values");
                o.get("enum").forEach(value -> values.addObject().put("value", value.asText()));
            }
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, mapper.writeValueAsString(metadata) + "\n");
    }

    /** What Spring's tooling should offer: durations as Duration (30s), objects as the type they are. */
    private static String springType(JsonNode option) {
        String javaType = option.get("javaType").asText().replaceAll("<.*>", "");
        return switch (option.get("type").asText()) {
            case "duration" -> "java.time.Duration";
            case "object" -> option.has("enum") ? "java.lang.String" : javaType;
            default -> switch (javaType) {
                case "int" -> "java.lang.Integer";
                case "long" -> "java.lang.Long";
                case "double" -> "java.lang.Double";
                case "boolean" -> "java.lang.Boolean";
                default -> javaType;
            };
        };
    }

    private static String kebab(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}

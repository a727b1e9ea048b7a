package io.github.cameleusate.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithName;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * The application's own settings that decide whether it can start at all, read and checked when Quarkus reads its
 * configuration: before anything starts or is written to disk, so a bad one stops the application with one line that
 * names the setting, its value and its environment variable (Quarkus prints a configuration error's message alone).
 */
@ConfigMapping(prefix = "eusate")
public interface ApplicationSettings {

    /** The Eusate API key (EUSATE_API_KEY), which the eusate component is given; never printed. */
    @WithName("api-key")
    String apiKey();

    /** How many shards the sessions are split into (EUSATE_SHARDS). */
    @WithConverter(ShardCount.class)
    int shards();

    /** How the instances share the shards (EUSATE_CLUSTER). */
    @WithConverter(ClusterMode.Setting.class)
    ClusterMode cluster();

    /** The sessions added to the table eusate_session at start (EUSATE_SESSION_IDS). */
    @WithName("session-ids")
    Optional<List<String>> sessionIds();

    Routes routes();

    Db db();

    interface Routes {
        /** The directory of the YAML routes (EUSATE_ROUTES_DIR), relative to the working directory. */
        @WithConverter(RoutesDirectory.class)
        Path dir();
    }

    interface Db {
        /** The database the routes write to: h2 or postgresql (the profile postgresql sets it). */
        @WithConverter(DatabaseKind.class)
        String kind();
    }

    final class ShardCount implements Converter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int shards = Integer.parseInt(value.trim());
                if (shards >= 1) {
                    return shards;
                }
            } catch (NumberFormatException e) {
                // as below
            }
            throw new IllegalArgumentException("Invalid eusate.shards (EUSATE_SHARDS) '" + value + "': a whole number, 1 or more");
        }
    }

    final class RoutesDirectory implements Converter<Path> {
        @Override
        public Path convert(String value) {
            Path dir = Path.of(value.trim());
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("No routes directory '" + value + "' (eusate.routes.dir, EUSATE_ROUTES_DIR) in "
                                                   + Path.of("").toAbsolutePath() + ": start the application from the"
                                                   + " project's top-level directory, or set EUSATE_ROUTES_DIR");
            }
            return dir;
        }
    }

    final class DatabaseKind implements Converter<String> {
        @Override
        public String convert(String value) {
            String kind = value.trim();
            if (!kind.equals("h2") && !kind.equals("postgresql")) {
                throw new IllegalArgumentException("Invalid eusate.db.kind '" + value + "': use h2 or postgresql");
            }
            return kind;
        }
    }
}

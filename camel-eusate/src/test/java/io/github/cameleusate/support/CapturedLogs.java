package io.github.cameleusate.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures every log line, with its stack trace, written through JUL (which the JBoss LogManager behind SLF4J and
 * Quarkus is) by the given categories at every level, for the duration of each test.
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {

    private final List<String> categories;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Level> savedLevels = new ArrayList<>();
    private final Map<Handler, Level> savedHandlerLevels = new HashMap<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (categories.stream().anyMatch(c -> record.getLoggerName() != null && record.getLoggerName().startsWith(c))) {
                lines.add(render(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public CapturedLogs(String... categories) {
        this.categories = List.of(categories);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The captured lines that contain {@code text}. */
    public List<String> linesContaining(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    /** The captured lines of exactly this category that contain {@code text}. */
    public List<String> linesOf(String category, String text) {
        return lines.stream().filter(l -> l.startsWith(category + " ") && l.contains(text)).toList();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /**
     * Starts capturing. A {@code @QuarkusTest} calls this from its own {@code @BeforeEach}: Quarkus runs the test
     * method on another instance of the test class than the one JUnit extensions see.
     */
    public void start() {
        lines.clear();
        savedLevels.clear();
        for (String category : categories) {
            Logger logger = Logger.getLogger(category);
            savedLevels.add(logger.getLevel());
            logger.setLevel(Level.ALL);
        }
        // the console keeps showing what it showed before: only this handler sees the finer levels
        for (Handler existing : Logger.getLogger("").getHandlers()) {
            savedHandlerLevels.put(existing, existing.getLevel());
            existing.setLevel(Level.INFO.intValue() < existing.getLevel().intValue() ? existing.getLevel() : Level.INFO);
        }
        Logger.getLogger("").addHandler(handler);
    }

    public void stop() {
        Logger.getLogger("").removeHandler(handler);
        savedHandlerLevels.forEach(Handler::setLevel);
        savedHandlerLevels.clear();
        for (int i = 0; i < categories.size(); i++) {
            Logger.getLogger(categories.get(i)).setLevel(savedLevels.get(i));
        }
    }

    private static String render(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLoggerName()).append(' ').append(record.getLevel()).append(' ');
        // the raw message and its parameters: a secret in either is found, however the line would be formatted
        line.append(record.getMessage());
        if (record.getParameters() != null) {
            line.append(' ').append(Arrays.toString(record.getParameters()));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        return line.toString();
    }
}

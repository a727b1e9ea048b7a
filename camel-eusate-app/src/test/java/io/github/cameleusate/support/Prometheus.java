package io.github.cameleusate.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

/** Reads samples out of a Prometheus text exposition, as a scraper would. */
public final class Prometheus {

    private final String text;

    public Prometheus(String text) {
        this.text = text;
    }

    /** Reads the exposition at {@code metrics} (e.g. the application's /q/metrics); fails unless it answers 200. */
    public static Prometheus scrape(URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> response = Http.get(metrics);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + metrics + " answered " + response.statusCode() + ": "
                                            + response.body());
        }
        return new Prometheus(response.body());
    }

    /** The sum of the samples of {@code name} whose labels include all of {@code labels}; -1 when there is none. */
    public double sum(String name, Map<String, String> labels) {
        return text.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> labels.entrySet().stream()
                        .allMatch(l -> labelsOf(line).contains(l.getKey() + "=\"" + l.getValue() + "\"")))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce(Double::sum).orElse(-1);
    }

    private static String labelsOf(String line) {
        int open = line.indexOf('{');
        return open < 0 ? "" : line.substring(open, line.lastIndexOf('}') + 1);
    }

    @Override
    public String toString() {
        return text;
    }
}

package io.github.cameleusate.bench;

/** The two routes compared, each in its own file under bench/routes. */
enum Variant {
    /** (a) the incremental eusate: consumer. */
    incremental,
    /** (b) timer, camel-http, Jackson, split, camel-http, split, idempotent consumer. */
    hand_written;

    /** The route's file in the benchmark's routes directory. */
    String routeFile() {
        return name().replace('_', '-') + ".yaml";
    }

    String label() {
        return this == incremental ? "(a) eusate: consumer" : "(b) camel-http route";
    }
}

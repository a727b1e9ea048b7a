package io.github.cameleusate.bench;

/** Where the synced messages go (bench/routes/sinks.yaml): an H2 table, or a Kafka topic. */
enum Sink {
    h2,
    kafka
}

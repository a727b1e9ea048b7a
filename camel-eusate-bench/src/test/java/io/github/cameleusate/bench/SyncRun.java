package io.github.cameleusate.bench;

import java.lang.management.ManagementFactory;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameleusate.bench.BenchScale.DataSet;
import io.github.cameleusate.client.EusateJson;
import io.github.cameleusate.component.EusateComponent;
import io.github.cameleusate.component.EusateSessionSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * One variant shipping one data set to one sink, in its own CamelContext with fresh state (consumer state, idempotent
 * repository, table or topic): an initial sync, an idle poll, then a poll after new messages arrived in some
 * conversations.
 */
final class SyncRun implements AutoCloseable {

    private final Variant variant;
    private final BenchEnvironment environment;
    private final CamelContext context;
    private final ExecutorService sessionThreads;
    private final ExecutorService fetchThreads;
    private final JdbcConnectionPool dataSource;
    private final AtomicLong delivered = new AtomicLong();
    private ProducerTemplate template;

    SyncRun(Variant variant, Sink sink, DataSet dataSet, int concurrency, BenchEnvironment environment, int runNumber)
            throws Exception {
        this.variant = variant;
        this.environment = environment;
        this.sessionThreads = Executors.newFixedThreadPool(concurrency);
        this.fetchThreads = Executors.newFixedThreadPool(concurrency);
        this.dataSource = JdbcConnectionPool.create("jdbc:h2:file:" + environment.workDir.resolve("run-" + runNumber)
                                                    + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        // the (b) route writes from both of its splits' threads; (a) from its delivery threads
        dataSource.setMaxConnections(2 * concurrency + 2);
        try (var connection = dataSource.getConnection()) {
            connection.createStatement().execute("CREATE TABLE bench_message (id VARCHAR PRIMARY KEY,"
                                                 + " conversation_id VARCHAR, sender VARCHAR, date_created VARCHAR)");
        }

        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("bench.session-ids", String.join(",", dataSet.sessionIds()));
        properties.put("bench.concurrency", Integer.toString(concurrency));
        properties.put("bench.api-url", environment.simulator.baseUrl());
        properties.put("bench.api-key", BenchEnvironment.API_KEY);
        properties.put("bench.sink", sink.name());
        properties.put("bench.topic", "bench-" + runNumber);
        if (sink == Sink.kafka) {
            environment.createTopic("bench-" + runNumber);
        }
        properties.put("bench.brokers", sink == Sink.kafka ? environment.kafkaBrokers() : "unused");
        context.getPropertiesComponent().setInitialProperties(properties);
        var registry = context.getRegistry();
        registry.bind("benchDataSource", dataSource);
        registry.bind("benchObjectMapper", EusateJson.mapper());
        registry.bind("benchSessionThreads", sessionThreads);
        registry.bind("benchFetchThreads", fetchThreads);
        // as big as the data set: an LRU cache that forgets would ship messages twice
        registry.bind("benchShipped", MemoryIdempotentRepository.memoryIdempotentRepository(dataSet.messages() * 2));
        registry.bind("benchDelivered", (Processor) exchange -> delivered.incrementAndGet());
        registry.bind("benchSessions", (EusateSessionSource) dataSet::sessionIds);
        EusateComponent eusate = context.getComponent("eusate", EusateComponent.class);
        eusate.getConfiguration().setBaseUrl(environment.simulator.baseUrl());
        eusate.getConfiguration().setApiKey(BenchEnvironment.API_KEY);
        // the simulator has no rate limit; pacing would only measure maxRequestsPerSecond
        eusate.getConfiguration().setMaxRequestsPerSecond(0);
        var loader = PluginHelper.getRoutesLoader(context);
        for (String file : new String[] { variant.routeFile(), "sinks.yaml" }) {
            loader.loadRoutes(ResourceHelper.resolveMandatoryResource(context,
                    "file:" + BenchEnvironment.ROUTES.resolve(file)));
        }
        context.start();
        template = context.createProducerTemplate();
    }

    /** One poll: the consumer's scheduled task run on this thread, or one message to the hand-written route. */
    Poll poll() {
        environment.simulator.clearRequests();
        long deliveredBefore = delivered.get();
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        if (variant == Variant.incremental) {
            ((ScheduledPollConsumer) context.getRoute("incremental").getConsumer()).run();
        } else {
            template.sendBody("direct:hand-written-poll", null);
        }
        long wall = System.nanoTime() - started;
        return new Poll(delivered.get() - deliveredBefore, environment.simulator.requests().size(), wall,
                processCpuNanos() - cpuBefore);
    }

    /** The CPU time of the whole benchmark JVM so far: the syncing side, the simulator, the broker, JIT and GC. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * What one poll did: exchanges the sink received, requests the API answered, wall time, and the CPU time the JVM
     * spent meanwhile (the simulator's and the broker's included: both variants make the same requests and records in
     * an initial sync, so the difference is the syncing side's).
     */
    record Poll(long delivered, int requests, long wallNanos, long cpuNanos) {
    }

    @Override
    public void close() throws Exception {
        context.close();
        sessionThreads.shutdownNow();
        fetchThreads.shutdownNow();
        // closes the database now, so that its background writer does not run on into the next run
        try (var connection = dataSource.getConnection()) {
            connection.createStatement().execute("SHUTDOWN");
        }
        dataSource.dispose();
    }
}

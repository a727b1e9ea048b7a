package io.github.cameleusate.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.github.cameleusate.client.EusateClient;
import io.github.cameleusate.client.EusateClientSettings;
import io.github.cameleusate.client.HttpEusateClient;
import io.github.cameleusate.client.RequestPacer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The {@code eusate:} component. It owns the HTTP connection pool: one per distinct TLS setting, so every endpoint with
 * the component's TLS settings shares one pool of kept-alive connections.
 */
@Component("eusate")
public class EusateComponent extends DefaultComponent {

    private static final Object DEFAULT_TLS = new Object();

    @Metadata(label = "advanced", description = "The options shared by every endpoint of the component")
    private EusateConfiguration configuration = new EusateConfiguration();

    // typed Object: Micrometer is optional, and Spring and Camel introspect this class's signatures wherever it runs.
    // Not autowired by Camel, which would need Micrometer on the classpath to look: doInit() looks where it is there.
    @Metadata(label = "advanced", javaType = "io.micrometer.core.instrument.MeterRegistry",
              description = "The Micrometer registry the component records its metrics on (requests, retries, rate-limit"
                            + " waits, polls, deliveries, sync lag). Unset, the registry's only MeterRegistry, if"
                            + " Micrometer is on the classpath and there is exactly one; otherwise no metrics.")
    private Object meterRegistry;

    @Metadata(label = "advanced", defaultValue = "100",
              description = "How many distinct sessions get their own session tag on the metrics; the sessions seen"
                            + " after that share the tag value 'other'")
    private int maxSessionTags = 100;

    @Metadata(label = "advanced", defaultValue = "50",
              description = "How many connections to the API the component's HTTP pool keeps at most, shared by all its"
                            + " endpoints: at least the sum of the concurrency of the consumers that poll at the same"
                            + " time, or their requests wait for a connection")
    private int maxConnections = 50;

    private volatile EusateMetrics metrics;

    private final Map<Object, PoolingHttpClientConnectionManager> connectionManagers = new ConcurrentHashMap<>();
    private final Map<String, RequestPacer> pacers = new ConcurrentHashMap<>();
    private ScheduledThreadPoolExecutor deadlines;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        EusateEndpoint endpoint = new EusateEndpoint(uri, this, EusateOperation.fromPath(remaining),
                configuration == null ? new EusateConfiguration() : configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public EusateConfiguration getConfiguration() {
        return configuration;
    }

    /** The options shared by every endpoint of the component. */
    public void setConfiguration(EusateConfiguration configuration) {
        this.configuration = configuration;
    }

    public Object getMeterRegistry() {
        return meterRegistry;
    }

    /**
     * The Micrometer registry the component records its metrics on (requests, retries, rate-limit waits, polls,
     * deliveries, sync lag). Unset, the registry's only MeterRegistry, if Micrometer is on the classpath and there is
     * exactly one; otherwise no metrics. An {@code io.micrometer.core.instrument.MeterRegistry}, typed {@code Object} so
     * that the component loads without Micrometer.
     */
    public void setMeterRegistry(Object meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    public int getMaxSessionTags() {
        return maxSessionTags;
    }

    /**
     * How many distinct sessions get their own session tag on the metrics; the sessions seen after that share the tag
     * value 'other'.
     */
    public void setMaxSessionTags(int maxSessionTags) {
        this.maxSessionTags = maxSessionTags;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    /**
     * How many connections to the API the component's HTTP pool keeps at most, shared by all its endpoints: at least
     * the sum of the concurrency of the consumers that poll at the same time, or their requests wait for a connection.
     */
    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /**
     * The component's meters, on the registry set when they were first used, for the component's whole life. Called for
     * every exchange a consumer delivers, so it takes no lock once they exist.
     */
    EusateMetrics metrics() {
        EusateMetrics existing = metrics;
        return existing != null ? existing : createMetrics();
    }

    private synchronized EusateMetrics createMetrics() {
        if (metrics == null) {
            if (maxSessionTags < 0) {
                throw new IllegalArgumentException("Option maxSessionTags must be 0 or more, got " + maxSessionTags);
            }
            metrics = meterRegistry == null ? EusateMetrics.NONE : MicrometerMetrics.on(meterRegistry, maxSessionTags);
        }
        return metrics;
    }

    private boolean isMicrometerPresent() {
        return getCamelContext().getClassResolver().resolveClass("io.micrometer.core.instrument.MeterRegistry") != null;
    }

    /** A client for the given settings on the component's connection pool for those TLS settings. */
    EusateClient createClient(EusateClientSettings settings, SSLContextParameters tls) {
        PoolingHttpClientConnectionManager manager = connectionManagers.computeIfAbsent(
                tls == null ? DEFAULT_TLS : tls, key -> newConnectionManager(tls));
        return new HttpEusateClient(settings, manager, deadlines());
    }

    /**
     * The pacer of every endpoint that uses this API key: the first endpoint's maxRequestsPerSecond sets its rate.
     */
    RequestPacer pacer(String apiKey, double maxRequestsPerSecond) {
        return pacers.computeIfAbsent(apiKey, key -> new RequestPacer(maxRequestsPerSecond));
    }

    /** One thread that aborts the requests of every endpoint past their requestTimeout. */
    private synchronized ScheduledExecutorService deadlines() {
        if (deadlines == null) {
            deadlines = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "EusateDeadlines");
                thread.setDaemon(true);
                return thread;
            });
            // a request that ended in time cancels its deadline: drop it now, not when it would have fired
            deadlines.setRemoveOnCancelPolicy(true);
        }
        return deadlines;
    }

    private PoolingHttpClientConnectionManager newConnectionManager(SSLContextParameters tls) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("Option maxConnections must be 1 or more, got " + maxConnections);
        }
        PoolingHttpClientConnectionManagerBuilder builder = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                // HttpCore would wait 3 minutes for a TLS handshake
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setHandshakeTimeout(Timeout.ofMilliseconds(configuration.getConnectTimeout())).build());
        if (tls != null) {
            try {
                builder.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls.createSSLContext(getCamelContext())));
            } catch (Exception e) {
                throw new IllegalArgumentException("Invalid sslContextParameters for the eusate component: " + e.getMessage(),
                        e);
            }
        }
        return builder.build();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (meterRegistry == null && isMicrometerPresent()) {
            meterRegistry = MicrometerMetrics.lookup(getCamelContext());
        }
    }

    @Override
    protected void doStop() throws Exception {
        connectionManagers.values().forEach(PoolingHttpClientConnectionManager::close);
        connectionManagers.clear();
        pacers.clear();
        synchronized (this) {
            if (deadlines != null) {
                deadlines.shutdownNow();
                deadlines = null;
            }
        }
        // the meters stay: a restarted component goes on counting on them (a registry keeps the first gauge of a name)
        super.doStop();
    }
}

package io.github.cameleusate.component;

import java.time.Duration;

import io.github.cameleusate.client.EusateClient;
import io.github.cameleusate.client.EusateClientSettings;
import io.github.cameleusate.client.RetryPolicy;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * Lists the conversations of an Eusate Helpdesk customer session and the messages of a conversation, through the <a
 * href="https://api.eusate.com">Eusate Helpdesk API</a>, on demand or as an incremental consumer of what is new.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "eusate", title = "Eusate Helpdesk", syntax = "eusate:operation",
             category = { Category.API, Category.CHAT }, headersClass = EusateConstants.class)
public class EusateEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    @UriPath(label = "common", description = "What to list: conversations (of a customer session) or messages (of a conversation)")
    @Metadata(required = true)
    private EusateOperation operation;

    @UriParam
    private EusateConfiguration configuration;

    private EusateClient client;

    public EusateEndpoint(String uri, EusateComponent component, EusateOperation operation,
                          EusateConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public EusateComponent getComponent() {
        return (EusateComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return switch (operation) {
            case conversations -> new ConversationsProducer(this);
            case messages -> new MessagesProducer(this);
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        EusatePollingConsumer consumer = switch (operation) {
            case conversations -> new ConversationsConsumer(this, processor);
            case messages -> new MessagesConsumer(this, processor);
        };
        // after 3 failed polls in a row (a rejected key, the API down) skip the next 10 rather than hammer the API;
        // the endpoint's own backoff options override these
        consumer.setBackoffErrorThreshold(3);
        consumer.setBackoffMultiplier(10);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        configuration.validate(); // when the route is created, not at the first exchange
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        client = getComponent().createClient(settings(), configuration.getSslContextParameters());
    }

    @Override
    protected void doStop() throws Exception {
        if (client != null) {
            client.close();
            client = null;
        }
        super.doStop();
    }

    /** The client of this endpoint, available while it is started. */
    public EusateClient getClient() {
        return client;
    }

    public EusateOperation getOperation() {
        return operation;
    }

    /** What to list: conversations (of a customer session) or messages (of a conversation). */
    public void setOperation(EusateOperation operation) {
        this.operation = operation;
    }

    public EusateConfiguration getConfiguration() {
        return configuration;
    }

    /** The endpoint's options. */
    public void setConfiguration(EusateConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public String getServiceUrl() {
        return configuration.getBaseUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "rest";
    }

    /** What the client is built from, once the options were validated. */
    private EusateClientSettings settings() {
        EusateConfiguration c = configuration;
        return new EusateClientSettings(c.baseUri(), c.getApiKey(), Duration.ofMillis(c.getConnectTimeout()),
                Duration.ofMillis(c.getReadTimeout()), Duration.ofMillis(c.getRequestTimeout()), c.getProxyHost(),
                c.getProxyPort(),
                new RetryPolicy(c.getMaxRetries(), Duration.ofMillis(c.getRetryDelay()),
                        Duration.ofMillis(c.getMaxRetryDelay())),
                getComponent().pacer(c.getApiKey(), c.getMaxRequestsPerSecond()), c.getMaxResponseSize(),
                c.getMaxPages(), getComponent().metrics());
    }
}

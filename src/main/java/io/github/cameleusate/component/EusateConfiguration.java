package io.github.cameleusate.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The options of the eusate component and its endpoints. Set on the component (for example
 * {@code camel.component.eusate.api-key}), an option is the default of every endpoint, which can override it.
 */
@UriParams
@Configurer
public class EusateConfiguration implements Cloneable {

    public static final String DEFAULT_BASE_URL = "https://api.eusate.com";

    @UriParam(label = "common", defaultValue = DEFAULT_BASE_URL)
    private String baseUrl = DEFAULT_BASE_URL;
    @UriParam(label = "security", secret = true)
    private String apiKey;
    @UriParam(label = "common")
    private String sessionId;
    @UriParam(label = "common")
    private String conversationId;
    @UriParam(label = "common")
    private Boolean closed;
    @UriParam(label = "timeout", defaultValue = "10s", javaType = "java.time.Duration")
    private long connectTimeout = 10_000;
    @UriParam(label = "timeout", defaultValue = "30s", javaType = "java.time.Duration")
    private long readTimeout = 30_000;
    @UriParam(label = "proxy")
    private String proxyHost;
    @UriParam(label = "proxy")
    private Integer proxyPort;
    @UriParam(label = "security")
    @Metadata(autowired = false)
    private SSLContextParameters sslContextParameters;

    public String getBaseUrl() {
        return baseUrl;
    }

    /**
     * The Eusate API's base URL, scheme and host with an optional path prefix; point it at a proxy or at the
     * built-in simulator.
     */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getApiKey() {
        return apiKey;
    }

    /**
     * The API key, sent as the Authorization: Bearer header. Usually set once for the whole component as
     * camel.component.eusate.api-key. It is never logged nor put in an exception.
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getSessionId() {
        return sessionId;
    }

    /**
     * The customer session whose conversations are listed. A CamelEusateSessionId header, or a conversation in
     * the body, takes precedence.
     */
    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public String getConversationId() {
        return conversationId;
    }

    /**
     * The conversation whose messages are listed. A CamelEusateConversationId header, or a conversation in the
     * body, takes precedence.
     */
    public void setConversationId(String conversationId) {
        this.conversationId = conversationId;
    }

    public Boolean getClosed() {
        return closed;
    }

    /** Lists only closed (true) or only open (false) conversations; unset lists all. */
    public void setClosed(Boolean closed) {
        this.closed = closed;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for a connection to the API. */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getReadTimeout() {
        return readTimeout;
    }

    /** How long to wait for the API's response once the request is sent. */
    public void setReadTimeout(long readTimeout) {
        this.readTimeout = readTimeout;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    /** An HTTP proxy to reach the API through; proxyPort must be set with it. */
    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    /** The port of the HTTP proxy. */
    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    /** TLS settings (trust store, protocols) for the connection to the API; the JVM's defaults when unset. */
    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public EusateConfiguration copy() {
        try {
            return (EusateConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    @Override
    public String toString() {
        return "EusateConfiguration[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "<none>" : "<hidden>")
               + ", sessionId=" + sessionId + ", conversationId=" + conversationId + ", closed=" + closed + "]";
    }
}

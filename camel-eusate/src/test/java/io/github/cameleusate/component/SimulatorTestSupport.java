package io.github.cameleusate.component;

import java.io.IOException;
import java.util.List;

import io.github.cameleusate.simulator.EusateSimulator;
import io.github.cameleusate.support.CapturedLogs;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A CamelContext whose eusate component talks to a simulator over real HTTP, fresh data for each test, and a check
 * after each test that no log line held the API key.
 */
abstract class SimulatorTestSupport extends CamelTestSupport {

    static final String API_KEY = "test-key-5f0c2e9a-do-not-log";

    static EusateSimulator simulator;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs("io.github.cameleusate", "org.apache.camel");

    @BeforeAll
    static void startSimulator() throws IOException {
        simulator = EusateSimulator.start(API_KEY);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @AfterEach
    void apiKeyWasNeverLogged() {
        assertEquals(List.of(), keyLeaks(), "log lines holding the API key");
    }

    /** The captured log lines that hold the API key. */
    List<String> keyLeaks() {
        return logs.linesContaining(API_KEY);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        configure(context);
        return context;
    }

    /** The exception that says what was wrong: the first IllegalArgumentException or IllegalStateException in the chain. */
    static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)
               && !(root instanceof IllegalStateException)) {
            root = root.getCause();
        }
        return root;
    }

    /** Points the context's eusate component (found through its generated service file) at the simulator. */
    static void configure(CamelContext context) {
        EusateComponent eusate = context.getComponent("eusate", EusateComponent.class);
        eusate.getConfiguration().setBaseUrl(simulator.baseUrl());
        eusate.getConfiguration().setApiKey(API_KEY);
    }
}

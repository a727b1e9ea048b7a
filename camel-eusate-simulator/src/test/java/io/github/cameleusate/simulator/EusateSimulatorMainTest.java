package io.github.cameleusate.simulator;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EusateSimulatorMainTest {

    @Test
    void optionsOverrideTheDefaults() {
        Map<String, String> options = EusateSimulatorMain.parse(new String[] { "--port", "0", "--sessions", "7" });

        assertEquals("0", options.get("port"));
        assertEquals("7", options.get("sessions"));
        assertEquals("simulator-api-key", options.get("api-key"));
        assertEquals("2000", options.get("activity-period"));
    }

    @Test
    void helpIsAskedFor() {
        assertNull(EusateSimulatorMain.parse(new String[] { "--help" }));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--colour red       | Unknown option '--colour'",
            "--port             | Option --port needs a value",
            "--sessions many    | Invalid --sessions 'many': a whole number of 0 or more",
            "--latency -5       | Invalid --latency '-5': a whole number of 0 or more" })
    void badOptionsAreNamedWithTheirValue(String args, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EusateSimulatorMain.parse(args.split(" +")));
        assertEquals(expected, e.getMessage());
    }
}

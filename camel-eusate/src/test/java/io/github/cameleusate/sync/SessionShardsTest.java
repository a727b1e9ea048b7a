package io.github.cameleusate.sync;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SessionShardsTest {

    /** The same figures as any CRC-32 gives, e.g. Python's zlib.crc32(b"demo-session-1") % 8. */
    @ParameterizedTest
    @CsvSource({ "demo-session-1, 8, 0", "demo-session-2, 8, 2", "demo-session-3, 8, 4", "session-a, 8, 2",
            "sessión-ü, 8, 0", "session-a, 1, 0" })
    void aSessionsShardIsItsCrc32ModuloTheShardCount(String sessionId, int shardCount, int expected) {
        assertEquals(expected, SessionShards.shardOf(sessionId, shardCount));
    }
}

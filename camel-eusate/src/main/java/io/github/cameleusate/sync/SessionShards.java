package io.github.cameleusate.sync;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which shard a customer session belongs to: the CRC-32 of its id's UTF-8 bytes, modulo the number of shards. Stable
 * across processes, JVMs and languages, so every instance of a sharded deployment agrees on it.
 */
public final class SessionShards {

    private SessionShards() {
    }

    /** The shard, from 0 to {@code shardCount - 1}, of a session. */
    public static int shardOf(String sessionId, int shardCount) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("The shard count must be 1 or more, got " + shardCount);
        }
        CRC32 crc = new CRC32();
        crc.update(sessionId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shardCount);
    }
}

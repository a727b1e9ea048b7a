package io.github.cameleusate.component;

import org.apache.camel.spi.StateRepository;

/**
 * A state repository that several instances of an application reach, such as a database table, of which one consumer
 * at a time may write a given part (its shard). A consumer fences it when it starts (for example on becoming its
 * shard's leader): from then on the writes of an earlier holder that has not yet noticed it lost its turn are refused,
 * so a position can never be moved back to an older one. A refused write throws {@link FenceLostException}: the
 * consumer then stops delivering within the poll, logs it once at ERROR, and stays idle until it is started again.
 */
public interface FencedStateRepository extends StateRepository<String, String> {

    /** This consumer now holds the repository: the writes of any earlier holder fail from here on. */
    void fence();
}

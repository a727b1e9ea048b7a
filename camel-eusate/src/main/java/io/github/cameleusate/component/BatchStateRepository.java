package io.github.cameleusate.component;

import java.util.Collection;
import java.util.Map;

import org.apache.camel.spi.StateRepository;

/**
 * A state repository that reads and writes several entries at once, and removes entries. A consumer given one reads
 * what a poll needs of a session (its marker, its index, the entry of each listed conversation) in one
 * {@link #getStates} and writes what the session's listing changed in one {@link #setStates}; the entries of
 * conversations confirmed removed and of sessions retired from the session source are removed. With a plain
 * {@link StateRepository} the consumer reads and writes key by key, and an entry it no longer needs is set to the empty
 * string (which it reads as absent). A {@link FencedStateRepository} may implement this too: its batch writes are then
 * fenced as its single ones are.
 */
public interface BatchStateRepository extends StateRepository<String, String> {

    /** The entries of those of the keys that have one, in one read. */
    Map<String, String> getStates(Collection<String> keys);

    /** Sets every entry whose value is not null and removes every key whose value is null, in one write. */
    void setStates(Map<String, String> entries);
}

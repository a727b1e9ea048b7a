package io.github.cameleusate.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which sessions and conversations keep failing, and for how many polls each is left out: after its n-th failure in a
 * row an item is skipped by the next 2<sup>n-1</sup> - 1 polls (0, 1, 3, 7, ...), at most {@link #MAX_SKIPPED_POLLS},
 * while every other item polls on schedule. Counts polls, not time: plain data, no clock. Holds only failing items.
 * Thread-safe.
 */
public final class FailureBackoff {

    /** The most polls in a row a failing item is left out. */
    public static final int MAX_SKIPPED_POLLS = 32;

    private record Failing(int failures, long nextPoll) {
    }

    private final Map<String, Failing> failing = new LinkedHashMap<>();
    private long poll;

    /** A poll starts. */
    public synchronized void nextPoll() {
        poll++;
    }

    /** Whether the item is left out of this poll. */
    public synchronized boolean isBackedOff(String item) {
        Failing f = failing.get(item);
        return f != null && poll < f.nextPoll();
    }

    /**
     * The item failed in this poll.
     *
     * @return how many polls in a row it has failed now
     */
    public synchronized int failed(String item) {
        Failing before = failing.get(item);
        int failures = before == null ? 1 : before.failures() + 1;
        long skipped = Math.min((1L << Math.min(failures - 1, 30)) - 1, MAX_SKIPPED_POLLS);
        failing.put(item, new Failing(failures, poll + 1 + skipped));
        return failures;
    }

    /** How many polls the item is left out of after its latest failure; 0 when it is not failing. */
    public synchronized long skippedPolls(String item) {
        Failing f = failing.get(item);
        return f == null ? 0 : f.nextPoll() - poll - 1;
    }

    /**
     * The item went through.
     *
     * @return whether it was failing until now
     */
    public synchronized boolean succeeded(String item) {
        return failing.remove(item) != null;
    }

    /** How many items are failing. */
    public synchronized int size() {
        return failing.size();
    }

    /** The first {@code max} failing items, oldest failure first. */
    public synchronized List<String> items(int max) {
        return failing.keySet().stream().limit(max).toList();
    }
}

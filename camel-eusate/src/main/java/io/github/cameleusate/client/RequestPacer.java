package io.github.cameleusate.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces requests at most {@code maxRequestsPerSecond} apart, across every thread that shares it, so that a backfill
 * or catch-up burst does not trip the API's rate limit. A rate of 0 or less does not pace.
 */
public final class RequestPacer {

    private final long intervalNanos;
    private long nextSlot = System.nanoTime();

    public RequestPacer(double maxRequestsPerSecond) {
        this.intervalNanos = maxRequestsPerSecond <= 0 ? 0 : (long) (TimeUnit.SECONDS.toNanos(1) / maxRequestsPerSecond);
    }

    /** Waits for this request's slot; returns the nanoseconds waited. */
    public long acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return 0;
        }
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
        }
        long start = System.nanoTime();
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while pacing requests to the Eusate API");
            }
        }
        return System.nanoTime() - start;
    }
}

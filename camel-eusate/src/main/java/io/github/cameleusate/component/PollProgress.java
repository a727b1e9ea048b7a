package io.github.cameleusate.component;

import java.time.Duration;
import java.util.Locale;

/**
 * How far a poll has got: what its progress line says and its gauges show. Requests are the measure of the work: a
 * poll lists every session and fetches each changed conversation, and the time left is estimated from the pace of the
 * requests done so far over the requests known so far (more become known as sessions are listed).
 *
 * @param sessions       the sessions the poll lists
 * @param sessionsListed the sessions listed (or failed) so far
 * @param fetches        the conversations to fetch, known so far (the changed ones of the sessions listed)
 * @param fetched        the conversations fetched (or failed) so far
 * @param delivered      the exchanges delivered and committed so far
 * @param elapsedNanos   how long the poll has run
 */
record PollProgress(int sessions, int sessionsListed, int fetches, int fetched, int delivered, long elapsedNanos) {

    /** The estimated time left; null until a request completed. */
    Duration remaining() {
        int done = sessionsListed + fetched;
        if (done == 0) {
            return null;
        }
        int left = sessions + fetches - done;
        return Duration.ofNanos((long) ((double) elapsedNanos * left / done));
    }

    /** "4,000 of 10,000 sessions listed, 310 of 520 conversations fetched, 1,200 exchanges delivered, about 14 s left". */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder()
                .append(String.format(Locale.ROOT, "%,d of %,d sessions listed, ", sessionsListed, sessions));
        if (fetches > 0) {
            line.append(String.format(Locale.ROOT, "%,d of %,d conversations fetched, ", fetched, fetches));
        }
        line.append(String.format(Locale.ROOT, "%,d exchanges delivered", delivered));
        Duration remaining = remaining();
        return remaining == null ? line.toString() : line.append(", about ").append(remaining.toSeconds()).append(" s left")
                .toString();
    }
}

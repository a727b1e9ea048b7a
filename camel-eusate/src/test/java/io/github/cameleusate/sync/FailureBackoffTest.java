package io.github.cameleusate.sync;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureBackoffTest {

    @Test
    void anItemThatKeepsFailingSitsOutPollsThatDoubleUpToTheMostWhileOthersPoll() {
        FailureBackoff backoff = new FailureBackoff();
        List<Integer> triedAt = new ArrayList<>();
        for (int poll = 1; poll <= 200; poll++) {
            backoff.nextPoll();
            assertFalse(backoff.isBackedOff("healthy"));
            if (!backoff.isBackedOff("failing")) {
                triedAt.add(poll);
                backoff.failed("failing");
            }
        }

        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 97, 130, 163, 196), triedAt,
                "left out 0, 1, 3, 7, 15, 31, then at most 32 polls");
        assertEquals(List.of("failing"), backoff.items(10));
    }

    @Test
    void anItemThatGoesThroughIsPolledOnScheduleAgain() {
        FailureBackoff backoff = new FailureBackoff();
        backoff.nextPoll();
        assertEquals(1, backoff.failed("s"));
        backoff.nextPoll();
        assertEquals(2, backoff.failed("s"));
        backoff.nextPoll();
        assertTrue(backoff.isBackedOff("s"));

        assertTrue(backoff.succeeded("s"));
        assertFalse(backoff.isBackedOff("s"));
        assertFalse(backoff.succeeded("s"), "it was not failing any more");
        assertEquals(0, backoff.size());
        assertEquals(1, backoff.failed("s"), "counting starts anew");
    }
}

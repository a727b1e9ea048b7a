package io.github.cameleusate.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.cameleusate.client.EusatePaths;

/**
 * The conversations of one session that the conversations consumer has delivered and not yet reported removed, each
 * with the number of consecutive complete listings it was missing from. Its stored form is one line of percent-encoded
 * ids, an id followed by {@code :n} when it was missing n times. Not thread-safe: one thread at a time uses it.
 */
public final class SessionIndex {

    private final Map<String, Integer> absences = new LinkedHashMap<>();

    /** Reads a stored index; null or empty is an empty one. */
    public static SessionIndex decode(String value) {
        SessionIndex index = new SessionIndex();
        if (value != null && !value.isEmpty()) {
            for (String entry : value.split(",")) {
                int colon = entry.indexOf(':');
                String id = EusatePaths.decodeSegment(colon < 0 ? entry : entry.substring(0, colon));
                index.absences.put(id, colon < 0 ? 0 : Integer.parseInt(entry.substring(colon + 1)));
            }
        }
        return index;
    }

    public String encode() {
        return absences.entrySet().stream()
                .map(e -> EusatePaths.segment("conversationId", e.getKey()) + (e.getValue() == 0 ? "" : ":" + e.getValue()))
                .collect(Collectors.joining(","));
    }

    public Set<String> ids() {
        return absences.keySet();
    }

    /** A delivered conversation joins the index, present; false when it was already there. */
    public boolean add(String id) {
        return absences.putIfAbsent(id, 0) == null;
    }

    /** A conversation reported removed leaves the index; false when it was not there. */
    public boolean remove(String id) {
        return absences.remove(id) != null;
    }

    /**
     * The conversations a listing holds now, for an index of what is stored per conversation: listed ones join it or
     * start counting their absences again; when the listing is complete, every other one is missing once more, and
     * those missing {@code confirmations} times in a row leave it.
     *
     * @return the conversations that left the index, confirmed removed
     */
    public Reconciled reconcile(Collection<String> listedIds, boolean complete, int confirmations) {
        boolean changed = false;
        for (String id : listedIds) {
            changed |= add(id) || listed(id);
        }
        List<String> removed = new ArrayList<>();
        if (complete) {
            Set<String> listed = new HashSet<>(listedIds);
            for (String id : new ArrayList<>(absences.keySet())) {
                if (!listed.contains(id)) {
                    changed = true;
                    if (missing(id) >= confirmations) {
                        absences.remove(id);
                        removed.add(id);
                    }
                }
            }
        }
        return new Reconciled(removed, changed);
    }

    /** What {@link #reconcile} did: the conversations confirmed removed, and whether the index changed. */
    public record Reconciled(List<String> removed, boolean changed) {
    }

    /** The conversation was listed: its absences start again from 0. False when nothing changed. */
    boolean listed(String id) {
        Integer before = absences.replace(id, 0);
        return before != null && before != 0;
    }

    /** The conversation was missing from one more complete listing: how many in a row now. */
    int missing(String id) {
        return absences.merge(id, 1, Integer::sum);
    }

    /** How many complete listings in a row the conversation was missing from. */
    public int absences(String id) {
        return absences.getOrDefault(id, 0);
    }
}

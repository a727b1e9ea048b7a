package io.github.cameleusate.simulator;

/** The shapes in which the simulator answers a conversation list, all of which the client accepts. */
public enum ListShape {
    /** A bare JSON array, as in the vendor's example. */
    ARRAY,
    /** {@code {"conversations": [...]}}, as in the vendor's field list. */
    WRAPPED,
    /** {@code {"count": n, "next": url, "previous": url, "results": [...]}}, page by page. */
    PAGINATED
}

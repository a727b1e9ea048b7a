package io.github.cameleusate.component;

/**
 * A {@link FencedStateRepository} refused a write because another consumer fenced it since this one did: this consumer
 * no longer holds its position. The consumer stops delivering at once (what it would deliver, the new holder does) and
 * stays idle until it is started again, which fences the repository anew.
 */
public class FenceLostException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public FenceLostException(String message) {
        super(message);
    }
}

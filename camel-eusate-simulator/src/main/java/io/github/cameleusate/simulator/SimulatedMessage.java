package io.github.cameleusate.simulator;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A message as the simulator holds and serves it.
 *
 * @param attachment the attached file, or null for a text message
 */
public record SimulatedMessage(String id, OffsetDateTime dateCreated, OffsetDateTime dateUpdated, String text,
                               String sender, Attachment attachment, String conversationId) {

    /** An attached file, as the API describes it in {@code attachment_metadata}. */
    public record Attachment(String url, String name, BigDecimal sizeKb, String extension) {
    }
}

package io.github.cameleusate.component;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an {@code eusate:} endpoint works on: the path of its URI. */
public enum EusateOperation {

    /** A customer session's conversations. */
    conversations,
    /** A conversation's messages. */
    messages;

    /** Parses the path of an endpoint URI, naming the value and the allowed ones when it is unknown. */
    public static EusateOperation fromPath(String path) {
        String name = path == null ? "" : path.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown eusate operation '" + path + "': use one of "
                                                                + Arrays.stream(values()).map(Enum::name)
                                                                        .collect(Collectors.joining(", "))
                                                                + ", as in eusate:conversations"));
    }
}

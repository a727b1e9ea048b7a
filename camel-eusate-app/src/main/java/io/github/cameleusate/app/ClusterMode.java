package io.github.cameleusate.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * How the instances of the application share the shards (eusate.cluster, EUSATE_CLUSTER): not at all (one instance
 * polls every shard), or by Camel's master: endpoint over a cluster service, one leader per shard.
 */
public enum ClusterMode {

    /** One instance: every shard's routes run here, without master:. */
    none,
    /** Camel's file cluster service: a lock file per shard on a directory every instance shares; failover only. */
    file,
    /** Camel's Kubernetes cluster service: a Lease per shard, spread evenly over the pods. */
    kubernetes;

    /** Reads the setting, naming it and its value when it is none of these. */
    public static ClusterMode of(String value) {
        String name = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("Invalid eusate.cluster (EUSATE_CLUSTER) '" + value + "': use one of "
                                                   + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))));
    }

    /** The setting's converter, for {@link ApplicationSettings#cluster()}. */
    public static final class Setting implements Converter<ClusterMode> {
        @Override
        public ClusterMode convert(String value) {
            return of(value);
        }
    }

    /** The master: namespace of a shard: all the shard's routes are led by the same instance. */
    public static String namespace(int shard) {
        return "eusate-shard-" + shard;
    }

    /** What a shard's consumer endpoint starts with: eusate, or master:eusate-shard-N:eusate under a cluster. */
    public String consumer(int shard) {
        return this == none ? "eusate" : "master:" + namespace(shard) + ":eusate";
    }
}

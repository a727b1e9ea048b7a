package io.github.cameleusate.bench.empty;

import org.apache.camel.builder.RouteBuilder;

/** The one route: a timer that fires once, right after start, and logs a line (the baseline's "first poll"). */
public class TimerRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:first?repeatCount=1&delay=0").routeId("first").log("first exchange");
    }
}

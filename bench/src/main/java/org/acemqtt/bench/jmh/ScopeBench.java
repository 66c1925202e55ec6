package org.acemqtt.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.acemqtt.proxy.scope.AifScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link AifScope#mayPublish} on the same realistic 10-entry AIF-MQTT scope the ace path's token carries. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScopeBench {
    private AifScope scope;

    @Setup
    public void setup() throws Exception {
        scope = AifScope.parseCbor(PublishPathBench.aif10());
    }

    /** AIF-MQTT match on the 10-entry scope: a topic granted by a single-level wildcard entry. */
    @Benchmark
    public boolean scopeWildcardHit() {
        return scope.mayPublish("bench/p1/data");
    }

    /** An exact-topic entry. */
    @Benchmark
    public boolean scopeExactHit() {
        return scope.mayPublish("devices/dev-7/status");
    }

    /** A topic no entry grants (walks every candidate). */
    @Benchmark
    public boolean scopeMiss() {
        return scope.mayPublish("other/dev-9/thing/x");
    }
}

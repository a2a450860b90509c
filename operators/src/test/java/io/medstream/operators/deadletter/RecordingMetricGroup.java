package io.medstream.operators.deadletter;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

import java.util.Map;
import java.util.TreeMap;

/**
 * A metric group that keeps its counters by dotted path, so tests can read what a stage counted.
 */
final class RecordingMetricGroup extends UnregisteredMetricsGroup {
    private final String prefix;
    private final Map<String, Counter> counters;

    RecordingMetricGroup() {
        this("", new TreeMap<>());
    }

    private RecordingMetricGroup(String prefix, Map<String, Counter> counters) {
        this.prefix = prefix;
        this.counters = counters;
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new RecordingMetricGroup(prefix + name + ".", counters);
    }

    @Override
    public Counter counter(String name) {
        return counters.computeIfAbsent(prefix + name, n -> new SimpleCounter());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C extends Counter> C counter(String name, C counter) {
        return (C) counters.computeIfAbsent(prefix + name, n -> counter);
    }

    /** Counts by path, e.g. {@code deadLetters.MALFORMED}; absent counters are 0. */
    long count(String path) {
        Counter c = counters.get(path);
        return c == null ? 0 : c.getCount();
    }
}

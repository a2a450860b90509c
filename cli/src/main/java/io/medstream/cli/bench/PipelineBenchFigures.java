package io.medstream.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The figures of {@code bench pipeline} and how they are derived, kept free of I/O so they can be
 * unit-tested.
 *
 * <p><b>Pipeline capacity</b> ({@link #capacityScansPerSec}): the broker append times
 * (LogAppendTime) of the masks and reports of the all-at-once run. The first mask is appended when
 * the first segment batch is done, so the span from the first mask to the last output (a report:
 * the last series' draft) covers the work of all scans but that first batch: rate = (scans − batch)
 * / span. This leaves out cluster start-up and model loading (the job loads its models in {@code
 * open()}, possibly after the scans were sent) and the final checkpoint wait, as the bare loop's
 * timing leaves out model loading; it includes everything between, Flink, Kafka and Avro alike.
 */
public final class PipelineBenchFigures {
    private PipelineBenchFigures() {}

    /** Aimed at by the issue: pipeline throughput ≥ 95 % of the bare loop's. */
    public static final double RATIO_TARGET = 0.95;

    /** Aimed at by the issue: p99 latency at half capacity ≤ 1.5 × one scan's model time. */
    public static final double LATENCY_TARGET_FACTOR = 1.5;

    /**
     * (scans − firstBatch) / (last output append − first mask append) in scans per second; NaN when
     * the span is not positive or nothing is left after the first batch.
     */
    public static double capacityScansPerSec(
            int scans, int firstBatch, long[] maskAppendMillis, long[] reportAppendMillis) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long t : maskAppendMillis) {
            first = Math.min(first, t);
            last = Math.max(last, t);
        }
        for (long t : reportAppendMillis) {
            last = Math.max(last, t);
        }
        int counted = scans - Math.min(firstBatch, scans);
        if (maskAppendMillis.length == 0 || last <= first || counted <= 0) {
            return Double.NaN;
        }
        return counted * 1000.0 / (last - first);
    }

    /** Pipeline over bare throughput. */
    public static double ratio(double pipelineScansPerSec, double bareScansPerSec) {
        return pipelineScansPerSec / bareScansPerSec;
    }

    /** Offered rate of the latency run: {@code fraction} of the measured capacity. */
    public static double pacedRate(double capacityScansPerSec, double fraction) {
        if (!(capacityScansPerSec > 0) || Double.isInfinite(capacityScansPerSec)) {
            throw new IllegalStateException(
                    "no capacity measured (" + capacityScansPerSec + " scans/s)");
        }
        return capacityScansPerSec * fraction;
    }

    /**
     * Everything one run measured; see {@code docs/BENCHMARKS.md} for the meaning of each field.
     */
    public record Figures(
            int scans,
            int parallelism,
            int segmentBatchSize,
            long checkpointIntervalMs,
            BareModelLoop.Result bare,
            double pipelineScansPerSec,
            double pipelineWallSeconds,
            double pacedScansPerSec,
            long latencyMsP50,
            long latencyMsP99,
            long latencyMsP90,
            long latencyMsMax,
            long reportLatencyMsP50,
            long reportLatencyMsP99,
            int masks,
            int reports,
            int deadLetters,
            MemorySampler.Peaks memory) {

        public double ratio() {
            return PipelineBenchFigures.ratio(pipelineScansPerSec, bare.scansPerSec());
        }

        public double latencyTargetMs() {
            return LATENCY_TARGET_FACTOR * bare.modelMillisPerScan();
        }

        /** The JSON document: the fields first, then the extras. */
        public ObjectNode toJson(ObjectMapper m) {
            ObjectNode o = m.createObjectNode();
            o.put("bareScansPerSec", bare.scansPerSec());
            o.put("pipelineScansPerSec", pipelineScansPerSec);
            o.put("ratio", ratio());
            o.put("latencyMsP50", latencyMsP50);
            o.put("latencyMsP99", latencyMsP99);
            ObjectNode tm = o.putObject("taskManagerMemory");
            tm.put("heapUsedPeakMiB", memory.heapUsedMiB());
            tm.put("heapCommittedPeakMiB", memory.heapCommittedMiB());
            tm.put("heapMaxMiB", memory.heapMaxMiB());
            tm.put("nativePeakMiB", memory.nativeMiB());
            tm.put("rssPeakMiB", memory.rssMiB());
            tm.put("samples", memory.samples());
            o.put("ratioTarget", RATIO_TARGET);
            o.put("ratioMet", ratio() >= RATIO_TARGET);
            o.put("modelMsPerScan", bare.modelMillisPerScan());
            o.put("segmentMsPerScan", bare.segmentMillisPerScan());
            o.put("draftMsPerScan", bare.draftMillisPerScan());
            o.put("decodeMsPerScan", bare.decodeMillis() / bare.scans());
            o.put("latencyTargetMs", latencyTargetMs());
            o.put("latencyMet", latencyMsP99 >= 0 && latencyMsP99 <= latencyTargetMs());
            o.put("latencyMsP90", latencyMsP90);
            o.put("latencyMsMax", latencyMsMax);
            o.put("reportLatencyMsP50", reportLatencyMsP50);
            o.put("reportLatencyMsP99", reportLatencyMsP99);
            o.put("pacedScansPerSec", pacedScansPerSec);
            o.put("scans", scans);
            o.put("series", bare.series());
            o.put("parallelism", parallelism);
            o.put("segmentBatchSize", segmentBatchSize);
            o.put("checkpointIntervalMs", checkpointIntervalMs);
            o.put("bareSeconds", bare.seconds());
            o.put("pipelineWallSeconds", pipelineWallSeconds);
            o.put("masks", masks);
            o.put("reports", reports);
            o.put("deadLetters", deadLetters);
            return o;
        }
    }
}

package io.medstream.embedded;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.jobs.pipeline.MedstreamJob;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.PreferencePair;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.StudyReport;
import org.apache.avro.specific.SpecificRecordBase;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs the whole job (ingest → segment → group → draft) once over a fixed set of scans on an
 * embedded Flink cluster against a Kafka broker, and collects every output topic as a downstream
 * {@code read_committed} consumer sees it. Used by {@code demo}, {@code bench pipeline} and the
 * end-to-end tests.
 */
public final class PipelineRun {
    private PipelineRun() {}

    /** Progress as the consumer sees it. */
    public record Progress(int scansAccounted, int scans, int reports, int seriesSeen) {}

    /** Everything that came out, decoded, with visibility times. */
    public record Result(
            int scansIn,
            List<SegmentationResult> masks,
            List<StudyReport> reports,
            List<PreferencePair> pairs,
            List<DeadLetter> deadLetters,
            int fhirReports,
            double wallSeconds,
            double throughputScansPerSec,
            long[] scanLatenciesMs,
            long[] reportLatenciesMs,
            Map<String, Long> scanLatencyByTrace) {

        public Map<String, Integer> deadLettersByReason() {
            Map<String, Integer> m = new TreeMap<>();
            deadLetters.forEach(d -> m.merge(d.getStage() + "/" + d.getReason(), 1, Integer::sum));
            return m;
        }

        public long scanLatencyMs(double q) {
            return percentile(scanLatenciesMs, q);
        }

        public long reportLatencyMs(double q) {
            return percentile(reportLatenciesMs, q);
        }

        /** Ingest → visible latency of one mask record, NaN when unknown. */
        public double scanLatencyOf(SegmentationResult m) {
            Long l = scanLatencyByTrace.get(m.getTraceId());
            return l == null ? Double.NaN : l;
        }
    }

    /**
     * Dead letters that stand for one scan (ingestion and segmentation), as opposed to a series or
     * a command.
     */
    public static boolean isScanLetter(DeadLetter d) {
        String stage = d.getStage();
        // group letters are slices left out of an over-long series' report: they have their mask
        // already
        return !stage.equals("draft")
                && !stage.equals("group")
                && !stage.equals("model-load")
                && !stage.equals("decode-control");
    }

    /**
     * Starts the unbounded job, streams the inputs in while it runs, waits until every scan came
     * out as a mask or a dead letter and every series that produced a mask has a report (or a draft
     * dead letter), then cancels.
     */
    public static Result run(
            MedstreamSettings s,
            Configuration flinkConf,
            List<ScanInput> inputs,
            Duration timeout,
            Consumer<Progress> progress)
            throws Exception {
        return run(s, flinkConf, inputs, timeout, progress, job -> job.send(inputs));
    }

    /**
     * As {@link #run(MedstreamSettings, Configuration, List, Duration, Consumer)}, but {@code feed}
     * sends the inputs while the job runs (in phases, with control commands in between); {@code
     * inputs} are all the scans it will send, which the run then waits for.
     */
    public static Result run(
            MedstreamSettings s,
            Configuration flinkConf,
            List<ScanInput> inputs,
            Duration timeout,
            Consumer<Progress> progress,
            PipelineFeed feed)
            throws Exception {
        if (s.bounded() || !s.pipeline().enabled()) {
            throw new IllegalArgumentException(
                    "PipelineRun needs an unbounded source and the model stages enabled");
        }
        var p = s.pipeline();
        List<String> topics =
                List.of(
                        p.masksTopic(),
                        p.reportsTopic(),
                        p.preferencesTopic(),
                        p.fhirTopic(),
                        s.dlqTopic());
        try (OutputWatcher watcher = new OutputWatcher(s.bootstrapServers(), topics)) {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(flinkConf);
            MedstreamJob.build(env, s);
            long start = System.currentTimeMillis();
            JobClient job = env.executeAsync(MedstreamJob.JOB_NAME);
            IngestRun.awaitRunning(job);
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            try {
                feed.feed(new LiveJob(s, watcher, job, deadline));
            } catch (Exception | Error e) {
                job.cancel(); // an unbounded job outlives a failed feed otherwise
                throw e;
            }

            while (System.currentTimeMillis() < deadline) {
                var result = job.getJobExecutionResult();
                if (result.isDone()) {
                    result.get(); // rethrows the job's failure
                    throw new IllegalStateException("the job stopped before all outputs came out");
                }
                Thread.sleep(200);
                Progress now = progress(watcher, s, inputs.size());
                progress.accept(now);
                if (now.scansAccounted() >= inputs.size() && now.reports() >= now.seriesSeen()) {
                    break;
                }
            }
            double wall = (System.currentTimeMillis() - start) / 1000.0;
            job.cancel().get();
            return collect(watcher, s, inputs.size(), wall);
        }
    }

    private static Progress progress(OutputWatcher w, MedstreamSettings s, int scans) {
        var p = s.pipeline();
        List<OutputWatcher.Seen> masks = w.records(p.masksTopic());
        Set<String> series = new HashSet<>();
        for (OutputWatcher.Seen m : masks) {
            series.add(new String(m.key(), StandardCharsets.UTF_8));
        }
        int scanLetters = 0;
        int draftLetters = 0;
        for (OutputWatcher.Seen d : w.records(s.dlqTopic())) {
            DeadLetter letter = decode(DeadLetter.class, d.value());
            if (isScanLetter(letter)) {
                scanLetters++;
            } else if (letter.getStage().equals("draft")) {
                draftLetters++;
            }
        }
        return new Progress(
                masks.size() + scanLetters,
                scans,
                w.count(p.reportsTopic()) + draftLetters,
                series.size());
    }

    private static Result collect(OutputWatcher w, MedstreamSettings s, int scans, double wall) {
        var p = s.pipeline();
        List<SegmentationResult> masks = new ArrayList<>();
        List<OutputWatcher.Seen> maskSeen = w.records(p.masksTopic());
        long[] scanLatency = new long[maskSeen.size()];
        Map<String, Long> byTrace = new HashMap<>();
        Map<String, Long> lastIngestBySeries = new TreeMap<>();
        for (int i = 0; i < maskSeen.size(); i++) {
            SegmentationResult r = decode(SegmentationResult.class, maskSeen.get(i).value());
            masks.add(r);
            long ingest = r.getIngestTimeMillis().toEpochMilli();
            scanLatency[i] = maskSeen.get(i).visibleAtMillis() - ingest;
            byTrace.put(r.getTraceId(), scanLatency[i]);
            lastIngestBySeries.merge(r.getSeriesInstanceUid(), ingest, Math::max);
        }
        List<StudyReport> reports = new ArrayList<>();
        List<OutputWatcher.Seen> reportSeen = w.records(p.reportsTopic());
        long[] reportLatency = new long[reportSeen.size()];
        for (int i = 0; i < reportSeen.size(); i++) {
            StudyReport r = decode(StudyReport.class, reportSeen.get(i).value());
            reports.add(r);
            Long last = lastIngestBySeries.get(r.getSeriesInstanceUid());
            reportLatency[i] = last == null ? -1 : reportSeen.get(i).visibleAtMillis() - last;
        }
        List<PreferencePair> pairs = new ArrayList<>();
        for (OutputWatcher.Seen x : w.records(p.preferencesTopic())) {
            pairs.add(decode(PreferencePair.class, x.value()));
        }
        List<DeadLetter> letters = new ArrayList<>();
        List<OutputWatcher.Seen> deadSeen = w.records(s.dlqTopic());
        for (OutputWatcher.Seen d : deadSeen) {
            letters.add(decode(DeadLetter.class, d.value()));
        }
        Arrays.sort(scanLatency);
        Arrays.sort(reportLatency);
        return new Result(
                scans,
                masks,
                reports,
                pairs,
                letters,
                w.count(p.fhirTopic()),
                wall,
                IngestRun.appendRate(maskSeen, deadSeen),
                scanLatency,
                reportLatency,
                byTrace);
    }

    static long percentile(long[] sorted, double q) {
        return IngestRun.percentile(sorted, q);
    }

    static <T extends SpecificRecordBase> T decode(Class<T> type, byte[] bytes) {
        return IngestRun.decode(type, bytes);
    }
}

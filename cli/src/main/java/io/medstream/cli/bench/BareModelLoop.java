package io.medstream.cli.bench;

import ai.djl.engine.Engine;
import io.medstream.dicom.DicomFile;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.image.ScanImage;
import io.medstream.embedded.ScanInput;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.models.report.serving.ReportModelBundle;
import io.medstream.models.report.serving.SeriesReporter;
import io.medstream.models.samunet.auto.AutoMaskOptions;
import io.medstream.models.samunet.inference.SegmentationOutput;
import io.medstream.models.samunet.inference.SegmentationPrompt;
import io.medstream.models.samunet.serving.SegmentationLoader;
import io.medstream.models.samunet.serving.SegmentationService;
import io.medstream.operators.draft.ReportLoader;
import io.medstream.operators.gpu.DeviceAssignment;
import io.medstream.operators.segment.ScanPrompts;
import io.medstream.operators.segment.SegmentationResults;
import io.medstream.schemas.BoxPrompt;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ScanEvent;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The model work of the pipeline without Flink, Kafka or Avro, in one thread: for every scan parse
 * the DICOM bytes and decode the frame ({@link ScanImage#middleFrame}), check its prompts, run
 * {@link SegmentationService#segmentBatch} in batches of the job's segment batch size and turn the
 * outputs into mask structures (RLE, as the segment stage does); for every complete series draft
 * one report with {@link SeriesReporter#draft} (CSR as configured, up to the job's max slices,
 * evenly spaced as the draft stage picks them). The same shipped model versions as the job, loaded
 * through the same loaders, on the same device.
 *
 * <p>What it leaves out on purpose, because it is what the pipeline adds: ingestion validation (a
 * first DICOM parse), Avro (de)serialisation and Kafka I/O, the series grouping, and the draft
 * stage's second decode of each slice (the loop reuses the decoded image).
 */
public final class BareModelLoop {
    private BareModelLoop() {}

    /**
     * Timings of one pass (model load excluded).
     *
     * @param decodeMillis DICOM parse + decode + prompt checks, all scans
     * @param segmentMillis {@code segmentBatch} + mask encoding, all scans
     * @param draftMillis {@code SeriesReporter.draft}, all series
     */
    public record Result(
            int scans,
            int series,
            int batchSize,
            double seconds,
            double decodeMillis,
            double segmentMillis,
            double draftMillis) {

        public double scansPerSec() {
            return scans / seconds;
        }

        /** Model time of one scan: its segment share plus its share of its series' draft. */
        public double modelMillisPerScan() {
            return (segmentMillis + draftMillis) / scans;
        }

        public double segmentMillisPerScan() {
            return segmentMillis / scans;
        }

        public double draftMillisPerScan() {
            return draftMillis / scans;
        }
    }

    /**
     * Loads the shipped models, runs one untimed warm-up batch (first-call costs of libtorch), then
     * times the loop over all {@code inputs} (declared ScanEvents, keyed by series, in series order
     * as {@code ScanFeeds} makes them).
     */
    public static Result run(MedstreamSettings s, List<ScanInput> inputs, IntConsumer progress)
            throws Exception {
        var device = DeviceAssignment.device(List.of(), Engine.getInstance().getGpuCount());
        var p = s.pipeline();
        try (SegmentationService seg =
                        new SegmentationLoader(device, AutoMaskOptions.streaming())
                                .load(SegmentationService.shippedVersion());
                ReportModelBundle bundle =
                        ReportLoader.shipped().load(ReportLoader.shippedVersion())) {
            SeriesReporter reporter = new SeriesReporter(bundle);
            List<ScanInput> warm = inputs.subList(0, Math.min(p.segmentBatchSize(), inputs.size()));
            loop(s, seg, reporter, warm, new double[3], n -> {});

            double[] millis = new double[3];
            long t0 = System.nanoTime();
            int series = loop(s, seg, reporter, inputs, millis, progress);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(
                    inputs.size(),
                    series,
                    p.segmentBatchSize(),
                    seconds,
                    millis[0],
                    millis[1],
                    millis[2]);
        }
    }

    /**
     * One pass; adds decode, segment and draft milliseconds to {@code millis}; returns the series
     * drafted.
     */
    private static int loop(
            MedstreamSettings s,
            SegmentationService seg,
            SeriesReporter reporter,
            List<ScanInput> inputs,
            double[] millis,
            IntConsumer progress)
            throws Exception {
        var p = s.pipeline();
        var ingest = s.ingest();
        Map<String, List<ScanImage>> bySeries = new LinkedHashMap<>();
        Map<String, Integer> expected = new LinkedHashMap<>();
        List<ScanImage> batch = new ArrayList<>();
        List<List<SegmentationPrompt>> batchPrompts = new ArrayList<>();
        List<List<BoxPrompt>> batchBoxes = new ArrayList<>();
        int done = 0;
        int drafted = 0;
        for (int i = 0; i < inputs.size(); i++) {
            ScanEvent e = inputs.get(i).declared();
            long t = System.nanoTime();
            DicomFile file = DicomReader.read(bytes(e), ingest.dicomLimits());
            ScanImage img = ScanImage.middleFrame(file);
            // ingestion fills in rows and columns; the prompts are checked against them
            ScanEvent sized =
                    ScanEvent.newBuilder(e).setRows(img.rows()).setColumns(img.cols()).build();
            List<BoxPrompt> boxes = new ArrayList<>();
            List<SegmentationPrompt> prompts =
                    ScanPrompts.of(sized, p.maxPromptsPerScan(), p.boxConstraint(), boxes);
            batch.add(img);
            batchPrompts.add(prompts);
            batchBoxes.add(boxes);
            String uid = e.getSeriesInstanceUid();
            bySeries.computeIfAbsent(uid, k -> new ArrayList<>()).add(img);
            expected.put(uid, e.getExpectedInstances());
            millis[0] += (System.nanoTime() - t) / 1e6;

            boolean last = i == inputs.size() - 1;
            if (batch.size() == p.segmentBatchSize() || last) {
                t = System.nanoTime();
                List<List<SegmentationOutput>> outs = seg.segmentBatch(batch, batchPrompts);
                for (int b = 0; b < outs.size(); b++) {
                    for (int k = 0; k < outs.get(b).size(); k++) {
                        SegmentationResults.prompted(outs.get(b).get(k), batchBoxes.get(b).get(k));
                    }
                }
                millis[1] += (System.nanoTime() - t) / 1e6;
                done += batch.size();
                batch.clear();
                batchPrompts.clear();
                batchBoxes.clear();
                progress.accept(done);
                // Draft every series whose slices are all segmented (the job drafts after the group
                // stage).
                for (var it = bySeries.entrySet().iterator(); it.hasNext(); ) {
                    var entry = it.next();
                    boolean complete = entry.getValue().size() >= expected.get(entry.getKey());
                    if (complete || last) { // every slice added so far has just been segmented
                        t = System.nanoTime();
                        reporter.draft(
                                pick(entry.getValue(), p.draftMaxSlices()),
                                p.draftCsr(),
                                "bench",
                                entry.getKey(),
                                Instant.now());
                        millis[2] += (System.nanoTime() - t) / 1e6;
                        drafted++;
                        it.remove();
                    }
                }
            }
        }
        return drafted;
    }

    /** Up to {@code maxSlices} slices, evenly spaced: the draft stage's choice. */
    static <T> List<T> pick(List<T> all, int maxSlices) {
        int n = Math.min(all.size(), maxSlices);
        List<T> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(all.get((int) ((k + 0.5) * all.size() / n)));
        }
        return out;
    }

    private static byte[] bytes(ScanEvent e) {
        ByteBuffer b = ((InlinePayload) e.getPayload()).getData().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}

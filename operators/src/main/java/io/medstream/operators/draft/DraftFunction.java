package io.medstream.operators.draft;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import io.medstream.dicom.image.ScanImage;
import io.medstream.models.lifecycle.ModelLoader;
import io.medstream.models.lifecycle.ModelSlot;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.models.report.io.DrafterVersions;
import io.medstream.models.report.serving.ReportModelBundle;
import io.medstream.models.report.serving.SeriesDraft;
import io.medstream.models.report.serving.SeriesReporter;
import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.BlobStores;
import io.medstream.operators.control.ModelServingBatchFunction;
import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.fhir.DiagnosticReports;
import io.medstream.operators.segment.ScanImages;
import io.medstream.schemas.ModelKind;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.PreferencePair;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.StudyReport;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.SegmentedSlice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The draft stage: one report per complete series from its images (CSR sentence search or greedy
 * decoding with the serving drafter and the shipped visual scorer), emitted as a {@link
 * StudyReport} with its FHIR R4 form, plus the CSR preference pair of every slice on {@link
 * #PREFERENCE_PAIRS}. The drafter version is hot-swapped via {@code models.control} (kind DRAFTER).
 * A series that cannot be drafted becomes one dead letter (stage {@value #STAGE}); a slice whose
 * pixels cannot be read is left out of its series' report.
 */
public final class DraftFunction
        extends ModelServingBatchFunction<CompletedSeries, StudyReport, ReportModelBundle> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "draft";
    public static final OutputTag<PreferencePair> PREFERENCE_PAIRS =
            new OutputTag<>("preference-pairs", new AvroTypeInfo<>(PreferencePair.class));

    private final DraftSettings settings;

    private transient BlobStore blobStore;
    private transient Histogram draftMillisPerSeries;
    private transient Histogram latencyMillis;
    private transient Counter reports;
    private transient Counter pairs;
    private transient DeadLetters deadLetters;

    public DraftFunction(DraftSettings settings) {
        super(
                ModelKind.DRAFTER,
                null,
                settings.maxBatchSize(),
                settings.maxDelayMillis(),
                new AvroTypeInfo<>(CompletedSeries.class));
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        var g = getRuntimeContext().getMetricGroup().addGroup("medstream").addGroup(STAGE);
        draftMillisPerSeries =
                g.histogram("draftMillisPerSeries", new DescriptiveStatisticsHistogram(500));
        latencyMillis = g.histogram("latencyMillis", new DescriptiveStatisticsHistogram(500));
        reports = g.counter("reports");
        pairs = g.counter("preferencePairs");
        blobStore = BlobStores.open(settings.ingest().blobStoreUri());
        deadLetters =
                new DeadLetters(
                        settings.errorStrategy(),
                        blobStore,
                        settings.ingest().claimCheckThresholdBytes(),
                        g);
        super.open(openContext);
    }

    @Override
    protected DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    protected ModelVersion initialVersion() throws Exception {
        return ReportLoader.shippedVersion();
    }

    @Override
    protected ModelLoader<ReportModelBundle> createLoader() throws Exception {
        // The drafter runs on the CPU: at ~1 M parameters a GPU transfer costs more than it saves.
        return ReportLoader.shipped();
    }

    @Override
    protected void processBatch(
            List<CompletedSeries> batch,
            ModelSlot.Serving<ReportModelBundle> serving,
            ReadOnlyContext ctx,
            Collector<StudyReport> out) {
        ModelVersion v = serving.version();
        ModelRef drafter = new ModelRef(v.name(), v.version(), v.sha256());
        int iteration = DrafterVersions.iteration(v.version());
        SeriesReporter reporter = new SeriesReporter(serving.model());
        for (CompletedSeries series : batch) {
            long t0 = System.nanoTime();
            StudyReport report;
            SeriesDraft draft;
            try {
                List<ScanImage> images = images(series);
                if (images.isEmpty()) {
                    throw new IllegalArgumentException("no slice of the series could be read");
                }
                long now = System.currentTimeMillis();
                draft =
                        reporter.draft(
                                images,
                                settings.csr(),
                                series.getStudyInstanceUid(),
                                series.getSeriesInstanceUid(),
                                Instant.ofEpochMilli(now));
                report =
                        StudyReports.of(
                                series, draft.report(), drafter, draft.scorer(), iteration, now);
                report.setFhirDiagnosticReport(DiagnosticReports.toJson(report));
            } catch (Exception ex) {
                String trace =
                        series.getSlices().isEmpty()
                                ? null
                                : series.getSlices().get(0).getScan().getTraceId();
                deadLetters
                        .letter(
                                STAGE,
                                ex instanceof IllegalArgumentException
                                        ? DeadLetterReason.Draft.UNREADABLE_SERIES
                                        : DeadLetterReason.Draft.MODEL_ERROR,
                                ex)
                        .traceId(trace)
                        .input(series)
                        .time(System.currentTimeMillis())
                        .emit(ctx::output);
                continue;
            }
            draftMillisPerSeries.update((System.nanoTime() - t0) / 1_000_000);
            long lastIngest =
                    series.getSlices().stream()
                            .mapToLong(s -> s.getScan().getIngestTimeMillis().toEpochMilli())
                            .max()
                            .orElse(0);
            latencyMillis.update(System.currentTimeMillis() - lastIngest);
            reports.inc();
            out.collect(report);
            for (PreferencePair p : draft.pairs()) {
                pairs.inc();
                // stamped with the serving version, like every other output
                ctx.output(
                        PREFERENCE_PAIRS,
                        PreferencePair.newBuilder(p).setDrafterModel(drafter).build());
            }
        }
    }

    /**
     * Up to {@code maxSlices} slices, evenly spaced over the series (already in instance order).
     */
    private List<ScanImage> images(CompletedSeries series) {
        List<SegmentedSlice> all = series.getSlices();
        int n = Math.min(all.size(), settings.maxSlices());
        List<ScanImage> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            // centre of the k-th of n equal parts: [0, size) → index
            int i = (int) ((k + 0.5) * all.size() / n);
            ScanEvent e = all.get(i).getScan();
            try {
                out.add(ScanImages.load(e, blobStore, settings.ingest()));
            } catch (Exception ex) {
                // It was readable in the segment stage; a blob that vanished since only costs this
                // slice.
                continue;
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (blobStore != null) {
                blobStore.close();
            }
        }
    }
}

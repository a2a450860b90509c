package io.medstream.operators.draft;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.util.OutputTag;

import io.medstream.dicom.image.ScanImage;
import io.medstream.models.intendeduse.GateDecision;
import io.medstream.models.lifecycle.ModelLoader;
import io.medstream.models.lifecycle.ModelSlot;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.models.report.io.DrafterVersions;
import io.medstream.models.report.serving.ReportModelBundle;
import io.medstream.models.report.serving.SeriesDraft;
import io.medstream.models.report.serving.SeriesReporter;
import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.BlobStores;
import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.fhir.DiagnosticReports;
import io.medstream.operators.segment.ScanImages;
import io.medstream.operators.serving.AsyncModelStage;
import io.medstream.operators.serving.ModelVersionRouter;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelKind;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.PreferencePair;
import io.medstream.schemas.StudyReport;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.DraftOutcome;
import io.medstream.schemas.internal.DraftRequest;
import io.medstream.schemas.internal.SegmentedSlice;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The draft stage, asynchronous ({@link AsyncModelStage}): one report per complete series from its
 * images (CSR sentence search or greedy decoding with the serving drafter and the shipped visual
 * scorer). Answers each request with a {@link DraftOutcome}: the {@link StudyReport} with its FHIR
 * R4 form and the CSR preference pair of every slice, or, for a series that cannot be drafted, one
 * dead letter (stage {@value #STAGE}). A series outside the drafter's intended use (its {@code
 * intended-use.json}: modality, spacing, out-of-distribution detector) is not drafted: its report
 * is NOT_ANALYSED with the reason and has no pairs. A slice whose pixels cannot be read is left out
 * of its series' report. Because drafting runs on the model workers, a checkpoint never waits for a
 * draft: the requests in flight are part of the checkpoint.
 */
public final class DraftFunction
        extends AsyncModelStage<DraftRequest, DraftOutcome, ReportModelBundle> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "draft";
    public static final OutputTag<PreferencePair> PREFERENCE_PAIRS =
            new OutputTag<>("preference-pairs", new AvroTypeInfo<>(PreferencePair.class));

    private final DraftSettings settings;
    private final Drafter drafter;

    private transient BlobStore blobStore;
    private transient Histogram draftMillisPerSeries;
    private transient Histogram latencyMillis;
    private transient Counter reports;
    private transient Counter notAnalysed;
    private transient Counter pairs;
    private transient DeadLetters deadLetters;
    private transient MetricGroup metrics;

    /**
     * How a series' report is drafted from its images with a loaded bundle: {@link SeriesReporter}
     * in the job; a test may wrap it (e.g. to make it slow) without touching the model.
     */
    @FunctionalInterface
    public interface Drafter extends Serializable {
        SeriesDraft draft(
                ReportModelBundle model,
                List<ScanImage> images,
                boolean csr,
                String studyUid,
                String seriesUid,
                Instant now)
                throws Exception;
    }

    /** Drafts with {@link SeriesReporter}, the job's drafter. */
    public static final Drafter SERIES_REPORTER =
            (model, images, csr, study, series, now) ->
                    new SeriesReporter(model).draft(images, csr, study, series, now);

    public DraftFunction(DraftSettings settings) {
        this(settings, SERIES_REPORTER);
    }

    public DraftFunction(DraftSettings settings, Drafter drafter) {
        super(ModelKind.DRAFTER, settings.serving());
        this.settings = settings;
        this.drafter = drafter;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        metrics = getRuntimeContext().getMetricGroup().addGroup("medstream").addGroup(STAGE);
        draftMillisPerSeries =
                metrics.histogram("draftMillisPerSeries", new DescriptiveStatisticsHistogram(500));
        latencyMillis = metrics.histogram("latencyMillis", new DescriptiveStatisticsHistogram(500));
        reports = metrics.counter("reports", new ThreadSafeSimpleCounter());
        notAnalysed = metrics.counter("notAnalysedSeries", new ThreadSafeSimpleCounter());
        pairs = metrics.counter("preferencePairs", new ThreadSafeSimpleCounter());
        blobStore = BlobStores.open(settings.ingest().blobStoreUri());
        deadLetters =
                new DeadLetters(
                        settings.errorStrategy(),
                        blobStore,
                        settings.ingest().claimCheckThresholdBytes(),
                        metrics);
        super.open(openContext);
    }

    @Override
    protected DeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    protected MetricGroup stageMetrics() {
        return metrics;
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
    protected ModelVersion requestedVersion(DraftRequest request) {
        return ModelVersionRouter.fromAvro(request.getModel());
    }

    @Override
    protected DraftOutcome timedOut(DraftRequest request, long timeoutMillis) {
        CompletedSeries series = request.getSeries();
        return lettersOnly(
                deadLetters
                        .letter(
                                STAGE,
                                DeadLetterReason.Draft.TIMEOUT,
                                TimeoutException.class.getName(),
                                "not drafted within " + timeoutMillis + " ms")
                        .traceId(traceId(series))
                        .input(series)
                        .time(System.currentTimeMillis())
                        .collect());
    }

    @Override
    protected DraftOutcome lettersOnly(List<DeadLetter> letters) {
        return new DraftOutcome(null, List.of(), letters);
    }

    @Override
    protected List<DraftOutcome> processBatch(
            List<DraftRequest> batch, ModelSlot.Serving<ReportModelBundle> serving) {
        ModelVersion v = serving.version();
        ModelRef drafterRef = new ModelRef(v.name(), v.version(), v.sha256());
        int iteration = DrafterVersions.iteration(v.version());
        List<DraftOutcome> out = new ArrayList<>(batch.size());
        for (DraftRequest request : batch) {
            out.add(draftOne(request.getSeries(), serving.model(), drafterRef, iteration));
        }
        return out;
    }

    private DraftOutcome draftOne(
            CompletedSeries series, ReportModelBundle model, ModelRef drafterRef, int iteration) {
        long t0 = System.nanoTime();
        long lastIngest =
                series.getSlices().stream()
                        .mapToLong(s -> s.getSlice().getIngestTimeMillis().toEpochMilli())
                        .max()
                        .orElse(0);
        StudyReport report;
        SeriesDraft draft;
        try {
            List<ScanImage> images = images(series);
            if (images.isEmpty()) {
                throw new IllegalArgumentException("no slice of the series could be read");
            }
            long now = System.currentTimeMillis();
            GateDecision gate = model.intendedUse().decide(images);
            if (!gate.analysed()) {
                // outside the drafter's intended use: a visible NOT_ANALYSED report, never a
                // draft and never a preference pair (they would train the model on it)
                notAnalysed.inc();
                report =
                        StudyReports.notAnalysed(
                                series,
                                gate,
                                drafterRef,
                                model.scorer().modelRef(),
                                iteration,
                                now);
                report.setFhirDiagnosticReport(DiagnosticReports.toJson(report));
                return new DraftOutcome(report, List.of(), List.of());
            }
            draft =
                    drafter.draft(
                            model,
                            images,
                            settings.csr(),
                            series.getStudyInstanceUid(),
                            series.getSeriesInstanceUid(),
                            // event time, not wall clock: a replay after a restore writes the
                            // same pairs
                            Instant.ofEpochMilli(lastIngest));
            report =
                    StudyReports.of(
                            series, draft.report(), drafterRef, draft.scorer(), iteration, now);
            report.setFhirDiagnosticReport(DiagnosticReports.toJson(report));
        } catch (Exception ex) {
            return lettersOnly(
                    deadLetters
                            .letter(
                                    STAGE,
                                    ex instanceof IllegalArgumentException
                                            ? DeadLetterReason.Draft.UNREADABLE_SERIES
                                            : DeadLetterReason.Draft.MODEL_ERROR,
                                    ex)
                            .traceId(traceId(series))
                            .input(series)
                            .time(System.currentTimeMillis())
                            .collect());
        }
        draftMillisPerSeries.update((System.nanoTime() - t0) / 1_000_000);
        latencyMillis.update(System.currentTimeMillis() - lastIngest);
        reports.inc();
        List<PreferencePair> stamped = new ArrayList<>(draft.pairs().size());
        for (PreferencePair p : draft.pairs()) {
            pairs.inc();
            // stamped with the serving version, like every other output
            stamped.add(PreferencePair.newBuilder(p).setDrafterModel(drafterRef).build());
        }
        return new DraftOutcome(report, stamped, List.of());
    }

    private static String traceId(CompletedSeries series) {
        return series.getSlices().isEmpty()
                ? null
                : series.getSlices().get(0).getSlice().getTraceId();
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
            try {
                // the frame the parse stage decoded, by reference: no DICOM is parsed here
                out.add(ScanImages.load(all.get(i), blobStore));
            } catch (Exception ex) {
                // It was readable in the segment stage; a blob that vanished or was corrupted
                // since only costs this slice.
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

package io.medstream.operators.segment;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import ai.djl.engine.Engine;
import io.medstream.dicom.DicomException;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.lifecycle.ModelLoader;
import io.medstream.models.lifecycle.ModelSlot;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.models.samunet.auto.AutoMask;
import io.medstream.models.samunet.auto.AutoMaskOptions;
import io.medstream.models.samunet.inference.SegmentationOutput;
import io.medstream.models.samunet.inference.SegmentationPrompt;
import io.medstream.models.samunet.serving.SegmentationLoader;
import io.medstream.models.samunet.serving.SegmentationService;
import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.BlobStores;
import io.medstream.operators.claimcheck.ClaimCheckException;
import io.medstream.operators.claimcheck.FrameBlobs;
import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.gpu.DeviceAssignment;
import io.medstream.operators.serving.AsyncModelStage;
import io.medstream.operators.serving.ModelVersionRouter;
import io.medstream.schemas.AnalysisStatus;
import io.medstream.schemas.BoxPrompt;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ModelKind;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.SegmentedStructure;
import io.medstream.schemas.internal.SegmentOutcome;
import io.medstream.schemas.internal.SegmentRequest;
import io.medstream.schemas.internal.SegmentedSlice;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The segment stage, asynchronous ({@link AsyncModelStage}): SAM-UNet on every scan, micro-batched
 * on the model workers (one encoder batch per batch), with the sender's box and point prompts or,
 * when a scan has none, the automatic mode. Answers each request with a {@link SegmentOutcome}: the
 * scan with its {@link SegmentationResult} (stamped with the serving model's name, version and
 * weight checksum), or, for a scan whose pixels, prompts or inference fail, one dead letter (stage
 * {@value #STAGE}) while the rest of its batch goes on.
 */
public final class SegmentFunction
        extends AsyncModelStage<SegmentRequest, SegmentOutcome, SegmentationService> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "segment";

    private final SegmentSettings settings;

    private transient BlobStore blobStore;
    private transient Histogram inferenceMillisPerScan;
    private transient Histogram latencyMillis;
    private transient Counter scans;
    private transient Counter notAnalysed;
    private transient DeadLetters deadLetters;
    private transient MetricGroup metrics;

    public SegmentFunction(SegmentSettings settings) {
        super(ModelKind.SEGMENTATION, settings.serving());
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        metrics = getRuntimeContext().getMetricGroup().addGroup("medstream").addGroup(STAGE);
        inferenceMillisPerScan =
                metrics.histogram(
                        "inferenceMillisPerScan", new DescriptiveStatisticsHistogram(500));
        latencyMillis = metrics.histogram("latencyMillis", new DescriptiveStatisticsHistogram(500));
        scans = metrics.counter("scans", new ThreadSafeSimpleCounter());
        notAnalysed = metrics.counter("notAnalysedScans", new ThreadSafeSimpleCounter());
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
    protected MetricGroup stageMetrics() {
        return metrics;
    }

    @Override
    protected ModelVersion requestedVersion(SegmentRequest request) {
        return ModelVersionRouter.fromAvro(request.getModel());
    }

    @Override
    protected SegmentOutcome timedOut(SegmentRequest request, long timeoutMillis) {
        ScanEvent e = request.getScan();
        return lettersOnly(
                deadLetters
                        .letter(
                                STAGE,
                                DeadLetterReason.Segment.TIMEOUT,
                                TimeoutException.class.getName(),
                                "not segmented within " + timeoutMillis + " ms")
                        .traceId(e.getTraceId())
                        .input(e)
                        .time(System.currentTimeMillis())
                        .collect());
    }

    @Override
    protected SegmentOutcome lettersOnly(List<DeadLetter> letters) {
        return new SegmentOutcome(null, letters);
    }

    @Override
    protected ModelVersion initialVersion() throws Exception {
        return settings.shipped() != null
                ? settings.shipped()
                : SegmentationService.shippedVersion();
    }

    @Override
    protected ModelLoader<SegmentationService> createLoader() {
        var device =
                DeviceAssignment.device(
                        getRuntimeContext().getExternalResourceInfos(DeviceAssignment.GPU_RESOURCE),
                        Engine.getInstance().getGpuCount());
        return new SegmentationLoader(device, AutoMaskOptions.streaming());
    }

    @Override
    protected List<SegmentOutcome> processBatch(
            List<SegmentRequest> batch, ModelSlot.Serving<SegmentationService> serving) {
        SegmentOutcome[] answers = new SegmentOutcome[batch.size()];
        ModelRef model =
                new ModelRef(
                        serving.version().name(),
                        serving.version().version(),
                        serving.version().sha256());
        List<Pending> prompted = new ArrayList<>();
        List<Pending> automatic = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ScanEvent e = batch.get(i).getScan();
            try {
                ScanImage image = ScanImages.load(e, blobStore, settings.ingest());
                List<BoxPrompt> boxes = new ArrayList<>();
                List<SegmentationPrompt> prompts =
                        ScanPrompts.of(
                                e, settings.maxPromptsPerScan(), settings.boxConstraint(), boxes);
                (prompts.isEmpty() ? automatic : prompted)
                        .add(new Pending(i, e, image, prompts, boxes));
            } catch (Exception ex) {
                answers[i] = deadLetter(e, ex);
            }
        }
        long t0 = System.nanoTime();
        List<List<SegmentationOutput>> outputs =
                prompted.isEmpty() ? List.of() : segmentIsolating(prompted, serving, answers);
        int done = 0;
        for (int i = 0; i < prompted.size(); i++) {
            Pending p = prompted.get(i);
            List<SegmentationOutput> o = outputs.get(i);
            if (o == null) {
                continue; // dead-lettered while isolating a failure
            }
            List<SegmentedStructure> structures = new ArrayList<>();
            for (int k = 0; k < o.size(); k++) {
                structures.add(SegmentationResults.prompted(o.get(k), p.boxes().get(k)));
            }
            try {
                answers[p.index()] = emit(p, structures, model);
                done++;
            } catch (IOException ex) {
                answers[p.index()] = deadLetter(p.event(), ex);
            }
        }
        for (Pending p : automatic) {
            try {
                Optional<String> refusal = serving.model().automaticRefusal(p.image());
                if (refusal.isPresent()) {
                    // outside the model's intended use: a visible record that says why, with no
                    // structures; never masks drawn by a model on images it was not trained for
                    notAnalysed.inc();
                    answers[p.index()] = emit(p, List.of(), model, refusal.get());
                    continue;
                }
                List<AutoMask> masks = serving.model().automatic(p.image());
                List<SegmentedStructure> structures = new ArrayList<>();
                for (AutoMask m : masks) {
                    structures.add(
                            SegmentationResults.automatic(
                                    m,
                                    p.image().rows(),
                                    p.image().cols(),
                                    p.image().pixelAreaMm2()));
                }
                answers[p.index()] = emit(p, structures, model);
                done++;
            } catch (Exception ex) {
                answers[p.index()] = deadLetter(p.event(), ex);
            }
        }
        if (done > 0) {
            inferenceMillisPerScan.update((System.nanoTime() - t0) / 1_000_000 / done);
        }
        return List.of(answers);
    }

    /**
     * One encoder batch for all prompted scans; if it fails, each scan alone, so that one bad image
     * costs only its own dead letter (written to {@code answers}). Failed entries are null.
     */
    private List<List<SegmentationOutput>> segmentIsolating(
            List<Pending> prompted,
            ModelSlot.Serving<SegmentationService> serving,
            SegmentOutcome[] answers) {
        try {
            return serving.model()
                    .segmentBatch(
                            prompted.stream().map(Pending::image).toList(),
                            prompted.stream().map(Pending::prompts).toList());
        } catch (RuntimeException batchFailure) {
            List<List<SegmentationOutput>> out = new ArrayList<>();
            for (Pending p : prompted) {
                try {
                    out.add(
                            serving.model()
                                    .segmentBatch(List.of(p.image()), List.of(p.prompts()))
                                    .get(0));
                } catch (RuntimeException ex) {
                    answers[p.index()] = deadLetter(p.event(), ex);
                    out.add(null);
                }
            }
            return out;
        }
    }

    private SegmentOutcome emit(Pending p, List<SegmentedStructure> structures, ModelRef model)
            throws IOException {
        return emit(p, structures, model, null);
    }

    /**
     * @param notAnalysedReason why the model did not analyse the image (the record is then
     *     NOT_ANALYSED), or null
     */
    private SegmentOutcome emit(
            Pending p,
            List<SegmentedStructure> structures,
            ModelRef model,
            String notAnalysedReason)
            throws IOException {
        ClaimCheck frame = p.event().getFrame();
        if (frame == null) {
            // an event that skipped the parse stage: the series state still holds a reference only
            frame = FrameBlobs.put(blobStore, p.image());
        }
        long now = System.currentTimeMillis();
        SegmentationResult r =
                SegmentationResults.of(p.event(), p.image().frameIndex(), structures, model, now);
        if (notAnalysedReason != null) {
            r.setAnalysis(AnalysisStatus.NOT_ANALYSED);
            r.setNotAnalysedReason(notAnalysedReason);
        }
        scans.inc();
        latencyMillis.update(now - p.event().getIngestTimeMillis().toEpochMilli());
        return new SegmentOutcome(
                new SegmentedSlice(ScanImages.ref(p.event(), frame), r), List.of());
    }

    private SegmentOutcome deadLetter(ScanEvent e, Exception ex) {
        return lettersOnly(
                deadLetters
                        .letter(STAGE, reason(ex), ex)
                        .traceId(e.getTraceId())
                        .input(e)
                        .time(System.currentTimeMillis())
                        .collect());
    }

    @Override
    protected DeadLetters deadLetters() {
        return deadLetters;
    }

    static DeadLetterReason.Segment reason(Exception ex) {
        if (ex instanceof DicomException d) {
            return DeadLetterReason.Segment.of(d.reason());
        }
        if (ex instanceof ClaimCheckException || ex instanceof IOException) {
            // the frame or DICOM in the blob store: missing, corrupt, or not writable
            return DeadLetterReason.Segment.CLAIM_CHECK;
        }
        if (ex instanceof ScanPrompts.InvalidPromptException) {
            return DeadLetterReason.Segment.INVALID_PROMPT;
        }
        if (ex instanceof IllegalArgumentException) {
            return DeadLetterReason.Segment.UNSUPPORTED_IMAGE;
        }
        return DeadLetterReason.Segment.MODEL_ERROR;
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

    /** A scan of the batch, at {@code index}, ready for the model. */
    private record Pending(
            int index,
            ScanEvent event,
            ScanImage image,
            List<SegmentationPrompt> prompts,
            List<BoxPrompt> boxes) {}
}

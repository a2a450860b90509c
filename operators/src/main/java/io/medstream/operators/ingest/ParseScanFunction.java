package io.medstream.operators.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.BlobStores;
import io.medstream.operators.deadletter.DeadLetterReason;
import io.medstream.operators.deadletter.DeadLetters;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.io.RawRecord;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ScanEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Flink adapter around {@link ScanParser}: good records go downstream, every bad one becomes
 * exactly one {@link DeadLetter} on {@link DeadLetters#TAG} (or, if so configured, is ignored or
 * fails the task: {@link ErrorStrategy}). Under the default strategy input can never fail the job:
 * even an unexpected exception from the codec is caught here and dead-lettered with its class.
 */
public class ParseScanFunction extends ProcessFunction<RawRecord, ScanEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParseScanFunction.class);

    private final IngestSettings settings;
    private final ErrorStrategy errorStrategy;

    private transient BlobStore blobStore;
    private transient ScanParser parser;
    private transient DeadLetters deadLetters;
    private transient Counter parsed;

    /**
     * @param errorStrategy what a rejected record becomes (a dead letter by default)
     */
    public ParseScanFunction(IngestSettings settings, ErrorStrategy errorStrategy) {
        this.settings = settings;
        this.errorStrategy = Objects.requireNonNull(errorStrategy, "errorStrategy");
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        blobStore = BlobStores.open(settings.blobStoreUri());
        parser = new ScanParser(settings, blobStore);
        MetricGroup group =
                getRuntimeContext().getMetricGroup().addGroup("medstream").addGroup("ingest");
        parsed = group.counter("scansParsed");
        deadLetters =
                new DeadLetters(
                        errorStrategy, blobStore, settings.claimCheckThresholdBytes(), group);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ScanEvent> out) {
        ScanEvent event;
        try {
            event = parser.parse(raw);
        } catch (IngestException e) {
            reject(raw, ctx, e.stage(), e.reason(), e.errorClass(), e.getMessage(), e.traceId());
            return;
        } catch (RuntimeException e) {
            // A codec bug must not take the job down; the record is kept for replay after a fix.
            reject(
                    raw,
                    ctx,
                    IngestStages.DECODE_DICOM,
                    DeadLetterReason.Ingest.INTERNAL_ERROR,
                    e.getClass().getName(),
                    "unexpected "
                            + e.getClass().getSimpleName()
                            + " while parsing: "
                            + e.getMessage(),
                    null);
            return;
        }
        // Outside the try: chained downstream operators run inside collect(), and their failures
        // must fail the
        // task (and restart it from the checkpoint), not be mistaken for bad input.
        out.collect(event);
        parsed.inc();
    }

    private void reject(
            RawRecord raw,
            Context ctx,
            String stage,
            DeadLetterReason reason,
            String errorClass,
            String message,
            String traceId) {
        // Log only coordinates and the reason: messages are built without patient data, the payload
        // is never logged.
        LOG.warn("dead letter from {} at stage {}: {}", raw.source(), stage, reason);
        long now = ctx.timestamp() != null ? ctx.timestamp() : raw.timestamp;
        deadLetters
                .letter(stage, reason, errorClass, message)
                .source(raw)
                .traceId(traceId)
                .time(now)
                .emit(ctx::output);
    }

    @Override
    public void close() throws Exception {
        if (blobStore != null) {
            blobStore.close();
        }
    }
}

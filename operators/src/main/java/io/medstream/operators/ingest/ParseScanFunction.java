package io.medstream.operators.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.BlobStores;
import io.medstream.operators.io.RawRecord;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.ScanEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Flink adapter around {@link ScanParser}: good records go downstream, every bad one becomes
 * exactly one {@link DeadLetter} on {@link #DEAD_LETTERS}. Input can never fail the job: even an
 * unexpected exception from the codec is caught here and dead-lettered with its class.
 */
public class ParseScanFunction extends ProcessFunction<RawRecord, ScanEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParseScanFunction.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private final IngestSettings settings;

    private transient BlobStore blobStore;
    private transient ScanParser parser;
    private transient DeadLetters deadLetters;
    private transient Counter parsed;
    private transient MetricGroup dlqGroup;
    private transient Map<String, Counter> dlqByReason;

    public ParseScanFunction(IngestSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        blobStore = BlobStores.open(settings.blobStoreUri());
        parser = new ScanParser(settings, blobStore);
        deadLetters = new DeadLetters(blobStore, settings.claimCheckThresholdBytes());
        MetricGroup group =
                getRuntimeContext().getMetricGroup().addGroup("medstream").addGroup("ingest");
        parsed = group.counter("scansParsed");
        dlqGroup = group.addGroup("deadLetters");
        dlqByReason = new HashMap<>();
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
                    "INTERNAL_ERROR",
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
            String reason,
            String errorClass,
            String message,
            String traceId) {
        // Log only coordinates and the reason: messages are built without patient data, the payload
        // is never logged.
        LOG.warn("dead letter from {} at stage {}: {}", raw.source(), stage, reason);
        long now = ctx.timestamp() != null ? ctx.timestamp() : raw.timestamp;
        ctx.output(
                DEAD_LETTERS,
                deadLetters.of(raw, stage, reason, errorClass, message, traceId, now));
        dlqByReason.computeIfAbsent(reason, r -> dlqGroup.counter(r)).inc();
    }

    @Override
    public void close() throws Exception {
        if (blobStore != null) {
            blobStore.close();
        }
    }
}

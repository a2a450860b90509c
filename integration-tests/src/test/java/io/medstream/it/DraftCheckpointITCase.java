package io.medstream.it;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;

import io.medstream.dicom.DicomLimits;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.image.ScanImage;
import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.claimcheck.FrameBlobs;
import io.medstream.operators.claimcheck.LocalBlobStore;
import io.medstream.operators.deadletter.ErrorStrategy;
import io.medstream.operators.draft.DraftFunction;
import io.medstream.operators.draft.DraftOutcomes;
import io.medstream.operators.draft.DraftSettings;
import io.medstream.operators.ingest.IngestSettings;
import io.medstream.operators.segment.ScanImages;
import io.medstream.operators.segment.SegmentationResults;
import io.medstream.operators.serving.ServingSettings;
import io.medstream.phantom.PhantomDicom;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SeriesCompletion;
import io.medstream.schemas.internal.CompletedSeries;
import io.medstream.schemas.internal.DraftOutcome;
import io.medstream.schemas.internal.DraftRequest;
import io.medstream.schemas.internal.SegmentedSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Masks never wait for reports: with the real draft stage (shipped drafter, Flink's async wait
 * operator) and a drafter wrapped to take 10 s, a checkpoint triggered while that draft is in
 * flight completes within a second, before the draft ends: the barrier passes the stage and the
 * in-flight request is stored in the checkpoint instead of being waited for.
 */
class DraftCheckpointITCase {
    private static final long DRAFT_MS = 10_000;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    // The MiniCluster runs the job in this JVM, so the slow drafter reports here.
    static final CountDownLatch DRAFT_STARTED = new CountDownLatch(1);
    static final AtomicBoolean DRAFT_ENDED = new AtomicBoolean();

    /** The job's drafter, 10 s slower. */
    static final DraftFunction.Drafter SLOW =
            (model, images, csr, study, series, now) -> {
                DRAFT_STARTED.countDown();
                Thread.sleep(DRAFT_MS);
                try {
                    return DraftFunction.SERIES_REPORTER.draft(
                            model, images, csr, study, series, now);
                } finally {
                    DRAFT_ENDED.set(true);
                }
            };

    @TempDir Path tmp;

    @Test
    void aCheckpointCompletesWithinASecondWhileATenSecondDraftIsInFlight(
            @InjectClusterClient ClusterClient<?> client) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(3_600_000); // only the checkpoint this test triggers
        DraftSettings settings =
                new DraftSettings(
                        false,
                        2,
                        new ServingSettings(1, 1, 0, 120_000),
                        ingestSettings(tmp.resolve("blobs")),
                        ErrorStrategy.DEAD_LETTER);
        // One series now, the next in 1,000 s: the job stays up with one draft in flight.
        CompletedSeries series = series("1.2.840.9", tmp.resolve("blobs"));
        DataGeneratorSource<DraftRequest> source =
                new DataGeneratorSource<>(
                        i -> new DraftRequest(series, null),
                        Long.MAX_VALUE,
                        RateLimiterStrategy.perSecond(0.001),
                        new AvroTypeInfo<>(DraftRequest.class));
        AsyncDataStream.unorderedWait(
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), "series"),
                        new DraftFunction(settings, SLOW),
                        settings.serving().timeoutMillis(),
                        TimeUnit.MILLISECONDS,
                        settings.serving().capacity())
                .returns(new AvroTypeInfo<>(DraftOutcome.class))
                .process(new DraftOutcomes())
                .sinkTo(new DiscardingSink<>());
        JobID job = env.executeAsync("draft checkpoint").getJobID();
        try {
            assertThat(DRAFT_STARTED.await(120, TimeUnit.SECONDS))
                    .as("the draft started (model loaded)")
                    .isTrue();
            long t0 = System.nanoTime();
            long id = client.triggerCheckpoint(job, CheckpointType.FULL).get(30, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("DraftCheckpointITCase: checkpoint " + id + " took " + ms + " ms");
            assertThat(DRAFT_ENDED.get()).as("the draft is still in flight").isFalse();
            assertThat(ms).isLessThanOrEqualTo(1_000);
        } finally {
            client.cancel(job).get(60, TimeUnit.SECONDS);
        }
    }

    private static IngestSettings ingestSettings(Path blobs) {
        DicomLimits d = DicomLimits.defaults();
        return new IngestSettings(
                "dicom",
                "events",
                64L << 20,
                512L << 10,
                blobs.toUri().toString(),
                "draft-checkpoint-test-secret",
                d.maxElementLength(),
                d.maxFrames(),
                d.maxDecodedPixelBytes(),
                d.maxInflateRatio(),
                d.maxFrameBytes(),
                d.maxElements(),
                d.maxFrameDecodeMillis());
    }

    /**
     * Two phantom slices as the group stage emits a series: references to frames decoded into the
     * blob store, as the parse stage leaves them.
     */
    private static CompletedSeries series(String uid, Path blobs) throws Exception {
        PhantomGenerator g = new PhantomGenerator();
        List<SegmentedSlice> slices = new ArrayList<>();
        BlobStore store = new LocalBlobStore(blobs);
        for (int i = 0; i < 2; i++) {
            PhantomSlice p = g.generate(5L, i);
            ScanEvent e =
                    ScanEvent.newBuilder()
                            .setTraceId("t" + i)
                            .setStudyInstanceUid("1.2")
                            .setSeriesInstanceUid(uid)
                            .setSopInstanceUid(p.sopInstanceUid())
                            .setInstanceNumber(i + 1)
                            .setPatientKey("")
                            .setModality(p.modality().name())
                            .setRows(p.rows())
                            .setColumns(p.columns())
                            .setTransferSyntaxUid("")
                            .setSource("test")
                            .setIngestTimeMillis(Instant.EPOCH)
                            .setPayload(
                                    new InlinePayload(
                                            ByteBuffer.wrap(PhantomDicom.encode(p)),
                                            "application/dicom"))
                            .build();
            byte[] dicom = PhantomDicom.encode(p);
            ClaimCheck frame =
                    FrameBlobs.put(
                            store,
                            ScanImage.middleFrame(DicomReader.read(dicom, DicomLimits.defaults())));
            slices.add(
                    new SegmentedSlice(
                            ScanImages.ref(e, frame),
                            SegmentationResults.of(
                                    e, 0, List.of(), new ModelRef("sam", "s1", "ab"), 0)));
        }
        return new CompletedSeries("1.2", uid, SeriesCompletion.EXPECTED_COUNT_REACHED, slices);
    }
}

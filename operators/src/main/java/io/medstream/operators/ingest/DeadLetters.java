package io.medstream.operators.ingest;

import io.medstream.operators.claimcheck.BlobStore;
import io.medstream.operators.io.RawRecord;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.DeadLetterHeader;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the one {@link DeadLetter} of a rejected record: stage, reason, where it came from, its
 * headers and its payload (inline when small, else claim-checked so the DLQ topic never carries
 * oversized records).
 */
public final class DeadLetters {
    private final BlobStore blobStore;
    private final long inlineLimitBytes;

    public DeadLetters(BlobStore blobStore, long inlineLimitBytes) {
        this.blobStore = blobStore;
        this.inlineLimitBytes = inlineLimitBytes;
    }

    public DeadLetter of(
            RawRecord raw,
            String stage,
            String reason,
            String errorClass,
            String message,
            String traceId,
            long timeMillis) {
        List<DeadLetterHeader> headers = new ArrayList<>();
        for (int i = 0; i < raw.headerKeys.length; i++) {
            byte[] v = raw.headerValues[i];
            headers.add(
                    new DeadLetterHeader(raw.headerKeys[i], v == null ? null : ByteBuffer.wrap(v)));
        }
        Object payload = null;
        String note = "";
        if (raw.value != null) {
            if (raw.value.length <= inlineLimitBytes) {
                payload = ByteBuffer.wrap(raw.value);
            } else {
                try {
                    payload = blobStore.put(raw.value, "application/octet-stream");
                } catch (Exception e) {
                    // The dead letter itself must never fail: keep the reason, drop the payload,
                    // say so.
                    note =
                            " [payload of "
                                    + raw.value.length
                                    + " bytes not kept: blob store failed: "
                                    + e.getMessage()
                                    + "]";
                }
            }
        }
        return DeadLetter.newBuilder()
                .setStage(stage)
                .setReason(reason)
                .setErrorClass(errorClass)
                .setMessage(message + note)
                .setTimeMillis(Instant.ofEpochMilli(timeMillis))
                .setTraceId(traceId)
                .setSourceTopic(raw.topic)
                .setSourcePartition(raw.partition)
                .setSourceOffset(raw.offset)
                .setOriginalKey(raw.key == null ? null : ByteBuffer.wrap(raw.key))
                .setHeaders(headers)
                .setPayload(payload)
                .build();
    }
}

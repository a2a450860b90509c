package io.medstream.operators.control;

import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.DeadLetter;
import org.apache.avro.specific.SpecificRecordBase;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Dead letters of the model stages: the stage, a reason code, the exception's class and message
 * (never patient data: messages come from our own code and the DICOM codec, which do not quote
 * identifying values), and the input record as Avro bytes so it can be replayed. Inputs are small:
 * pixel payloads above the claim-check threshold travel by reference.
 */
public final class ModelDeadLetters {
    private ModelDeadLetters() {}

    /**
     * Largest input kept inline in a dead letter. A whole series (hundreds of inline slices) can be
     * far larger than a Kafka record may be; such a letter keeps the reason and trace id and says
     * that the input was left out (the scans themselves are on {@code scans.ready} for replay).
     */
    public static final int MAX_INLINE_PAYLOAD_BYTES = 4 << 20;

    public static DeadLetter of(
            String stage,
            String reason,
            Throwable error,
            String traceId,
            SpecificRecordBase input,
            long nowMillis) {
        String message =
                error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        byte[] payload = input == null ? null : AvroRecords.encode(input);
        if (payload != null && payload.length > MAX_INLINE_PAYLOAD_BYTES) {
            message +=
                    " [input of "
                            + payload.length
                            + " bytes not kept; its scans are on scans.ready]";
            payload = null;
        }
        return DeadLetter.newBuilder()
                .setStage(stage)
                .setReason(reason)
                .setErrorClass(error.getClass().getName())
                .setMessage(message)
                .setTimeMillis(Instant.ofEpochMilli(nowMillis))
                .setTraceId(traceId)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .build();
    }
}

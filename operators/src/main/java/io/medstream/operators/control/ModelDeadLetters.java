package io.medstream.operators.control;

import io.medstream.operators.io.AvroRecords;
import io.medstream.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Dead letters of the model stages: the stage, a reason code, the exception's class and message (never patient
 * data: messages come from our own code and the DICOM codec, which do not quote identifying values), and the input
 * record as Avro bytes so it can be replayed. Inputs are small: pixel payloads above the claim-check threshold
 * travel by reference.
 */
public final class ModelDeadLetters {
    private ModelDeadLetters() {}

    public static DeadLetter of(String stage, String reason, Throwable error, String traceId,
            SpecificRecordBase input, long nowMillis) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return DeadLetter.newBuilder()
                .setStage(stage)
                .setReason(reason)
                .setErrorClass(error.getClass().getName())
                .setMessage(message)
                .setTimeMillis(Instant.ofEpochMilli(nowMillis))
                .setTraceId(traceId)
                .setPayload(input == null ? null : ByteBuffer.wrap(AvroRecords.encode(input)))
                .build();
    }
}

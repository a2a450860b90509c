package io.medstream.operators.claimcheck;

import io.medstream.schemas.ClaimCheck;

import java.io.IOException;

/**
 * Content-addressed store for payloads too large for Kafka (the claim-check pattern).
 * Implementations must be idempotent: putting the same bytes twice yields the same reference,
 * because Flink replays records after a failure and the reference ends up in an exactly-once Kafka
 * transaction.
 */
public interface BlobStore extends AutoCloseable {

    /** Stores the bytes (if not already there) and returns their reference. */
    ClaimCheck put(byte[] bytes, String mediaType) throws IOException;

    /**
     * Reads the payload and verifies size and SHA-256.
     *
     * @throws ClaimCheckException if the blob is missing, too large or does not match its checksum
     */
    byte[] get(ClaimCheck ref, long maxBytes) throws IOException;

    @Override
    default void close() throws IOException {}
}

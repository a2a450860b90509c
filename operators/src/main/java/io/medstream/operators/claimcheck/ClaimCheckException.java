package io.medstream.operators.claimcheck;

import java.io.IOException;

/**
 * A claim-check reference that cannot be honoured: missing blob, checksum or size mismatch, unknown
 * scheme.
 */
public class ClaimCheckException extends IOException {
    private static final long serialVersionUID = 1L;

    public ClaimCheckException(String message) {
        super(message);
    }
}

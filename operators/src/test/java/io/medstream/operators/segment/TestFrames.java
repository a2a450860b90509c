package io.medstream.operators.segment;

import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.internal.SliceRef;

/** Slice references for tests of stages that never read the frame (grouping, report records). */
public final class TestFrames {
    private TestFrames() {}

    /** A frame reference to nothing: reading it fails its claim check. */
    public static final ClaimCheck NOT_STORED =
            new ClaimCheck("file:///nonexistent/frame", "0".repeat(64), 0L, "application/x-none");

    public static SliceRef ref(ScanEvent e) {
        return ScanImages.ref(e, NOT_STORED);
    }
}

package io.medstream.models.report.serving;

import io.medstream.schemas.PreferencePair;

/**
 * The draft of one slice of a series.
 *
 * @param sopInstanceUid the slice
 * @param instanceNumber its InstanceNumber, nullable
 * @param report the drafted report (the CSR search's chosen path, or greedy decoding)
 * @param pair CSR mode: the preference pair (best vs worst complete path) from the same search;
 *     null in greedy mode and when the pair was dropped
 * @param pairDropReason why the pair was dropped (CSR mode), else null
 */
public record SliceDraft(
        String sopInstanceUid,
        Integer instanceNumber,
        DraftedReport report,
        PreferencePair pair,
        String pairDropReason) {}

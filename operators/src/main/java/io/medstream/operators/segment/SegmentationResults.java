package io.medstream.operators.segment;

import io.medstream.models.common.Sha256;
import io.medstream.models.samunet.auto.AutoMask;
import io.medstream.models.samunet.inference.SegmentationOutput;
import io.medstream.schemas.BoxPrompt;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.PixelBox;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.SegmentedStructure;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Builds the {@code scans.masks} records from model outputs. */
public final class SegmentationResults {
    private SegmentationResults() {}

    public static SegmentationResult of(
            ScanEvent e,
            int frameIndex,
            List<SegmentedStructure> structures,
            ModelRef model,
            long producedMillis) {
        return SegmentationResult.newBuilder()
                .setResultId(resultId(e.getSopInstanceUid(), frameIndex, model))
                .setTraceId(e.getTraceId())
                .setStudyInstanceUid(e.getStudyInstanceUid())
                .setSeriesInstanceUid(e.getSeriesInstanceUid())
                .setSopInstanceUid(e.getSopInstanceUid())
                .setFrameIndex(frameIndex)
                .setRows(e.getRows())
                .setColumns(e.getColumns())
                .setModel(model)
                .setStructures(structures)
                .setIngestTimeMillis(e.getIngestTimeMillis())
                .setProducedTimeMillis(Instant.ofEpochMilli(producedMillis))
                .build();
    }

    /**
     * Deterministic id: the same frame segmented by the same model weights gets the same id, so a
     * consumer can tell a replay after a restore from a new result.
     */
    static String resultId(String sopInstanceUid, int frameIndex, ModelRef model) {
        String key =
                sopInstanceUid
                        + "|"
                        + frameIndex
                        + "|"
                        + model.getName()
                        + "@"
                        + model.getVersion()
                        + "|"
                        + model.getSha256();
        return Sha256.hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }

    /**
     * A prompted structure; {@code prompt} is the sender's box (with its label) or null for point
     * prompts.
     */
    public static SegmentedStructure prompted(SegmentationOutput o, BoxPrompt prompt) {
        return SegmentedStructure.newBuilder()
                .setLabel(prompt == null ? null : prompt.getLabel())
                .setPrompt(prompt)
                .setMask(RleMasks.encode(o.mask(), o.rows(), o.cols()))
                .setBoundingBox(box(o.mask(), o.rows(), o.cols()))
                .setAreaPixels(o.areaPixels())
                .setAreaMm2(Double.isNaN(o.areaMm2()) ? null : o.areaMm2())
                .setStabilityScore(o.stabilityScore())
                .setLogitMean(o.logitMean())
                .setLogitMax(o.logitMax())
                .build();
    }

    /**
     * A structure found by the automatic mode: no label; the grid box that found it is the prompt.
     * The automatic generator keeps no logits of its refined masks, so the logit statistics are
     * NaN.
     */
    public static SegmentedStructure automatic(
            AutoMask m, int rows, int cols, double pixelAreaMm2) {
        double[] p = m.promptBox();
        return SegmentedStructure.newBuilder()
                .setLabel(null)
                .setPrompt(
                        new BoxPrompt(
                                (float) p[0], (float) p[1], (float) p[2], (float) p[3], "auto"))
                .setMask(RleMasks.encode(m.mask(), rows, cols))
                .setBoundingBox(box(m.mask(), rows, cols))
                .setAreaPixels(m.areaPixels())
                .setAreaMm2(Double.isNaN(pixelAreaMm2) ? null : m.areaPixels() * pixelAreaMm2)
                .setStabilityScore(m.stabilityScore())
                .setLogitMean(Float.NaN)
                .setLogitMax(Float.NaN)
                .build();
    }

    /** Tight inclusive pixel box of the mask; all −1 for an empty mask. */
    static PixelBox box(boolean[] mask, int rows, int cols) {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                if (mask[y * cols + x]) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? new PixelBox(-1, -1, -1, -1) : new PixelBox(x0, y0, x1, y1);
    }
}

package io.medstream.models.samunet.inference;

import io.medstream.dicom.image.ScanImage;
import io.medstream.models.preprocess.MaskPostprocessor;
import io.medstream.models.preprocess.ResizeGeometry;
import io.medstream.models.preprocess.SamInput;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.models.samunet.prompt.Prompts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-Java halves around SAM-UNet's two model calls, split as DJL's {@code Sam2Translator}
 * splits them: the input side (image → normalised, padded CHW; prompts → model-frame tokens) and
 * the output side (low-res logits → original-resolution mask and statistics). No tensors: {@link
 * SamUnetPredictor} turns the arrays into NDArrays and back, so both load options (native weights,
 * TorchScript) share this code by construction.
 *
 * <p>Stateless apart from the preprocessor's fixed target size; thread-safe.
 */
public final class SamUnetTranslator {

    /** Upper bound on prompts per decoder call (bounds activation memory). */
    public static final int MAX_PROMPTS_PER_DECODE = 32;

    private final SamPreprocessor preprocessor;

    /**
     * Model-frame prompt tokens of one decoder call.
     *
     * @param coords {@code [N,K,2]} (x,y) flattened, in the resized S frame
     * @param labels {@code [N,K]} flattened: 1/0 points, 2/3 box corners, −1 padding
     * @param count N prompts
     * @param tokens K tokens per prompt (equal within a call)
     */
    public record PromptTokens(float[] coords, float[] labels, int count, int tokens) {}

    /**
     * @param imageSize model input side S (256): images are resized so their longer side is S
     */
    public SamUnetTranslator(int imageSize) {
        this.preprocessor = new SamPreprocessor(imageSize);
    }

    // ---- input side ----

    /** Windowing, resize-longest-side, normalisation and padding of one image. */
    public SamInput processImage(ScanImage image) {
        return preprocessor.preprocess(image);
    }

    /**
     * Prompt indices grouped by token count (the decoder takes one K per call), each group split
     * into chunks of at most {@link #MAX_PROMPTS_PER_DECODE}; groups in order of first appearance.
     */
    public static List<List<Integer>> decoderGroups(List<SegmentationPrompt> prompts) {
        Map<Integer, List<Integer>> byTokens = new LinkedHashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            byTokens.computeIfAbsent(prompts.get(i).tokenCount(), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> g : byTokens.values()) {
            for (int s = 0; s < g.size(); s += MAX_PROMPTS_PER_DECODE) {
                out.add(g.subList(s, Math.min(g.size(), s + MAX_PROMPTS_PER_DECODE)));
            }
        }
        return out;
    }

    /**
     * Scales the prompts {@code group} (equal token count) from original pixels to the model frame:
     * points by the per-axis resize factor, boxes by {@link ResizeGeometry#transformBox}; a prompt
     * without a box gets SAM's padding point at (0,0).
     */
    public static PromptTokens processPrompts(
            ResizeGeometry g, List<SegmentationPrompt> prompts, List<Integer> group) {
        int n = group.size();
        int k = prompts.get(group.get(0)).tokenCount();
        float[] coords = new float[n * k * 2];
        float[] labels = new float[n * k];
        double sx = (double) g.resizedCols() / g.originalCols();
        double sy = (double) g.resizedRows() / g.originalRows();
        for (int j = 0; j < n; j++) {
            SegmentationPrompt p = prompts.get(group.get(j));
            int t = j * k;
            for (SegmentationPrompt.Point pt : p.points()) {
                coords[2 * t] = (float) (pt.x() * sx);
                coords[2 * t + 1] = (float) (pt.y() * sy);
                labels[t++] = pt.foreground() ? 1f : 0f;
            }
            double[] box = p.box();
            if (box != null) {
                double[] mb = g.transformBox(box);
                coords[2 * t] = (float) mb[0];
                coords[2 * t + 1] = (float) mb[1];
                labels[t++] = Prompts.BOX_TOP_LEFT;
                coords[2 * t] = (float) mb[2];
                coords[2 * t + 1] = (float) mb[3];
                labels[t] = Prompts.BOX_BOTTOM_RIGHT;
            } else {
                labels[t] = Prompts.PAD; // padding point at (0,0)
            }
        }
        return new PromptTokens(coords, labels, n, k);
    }

    // ---- output side ----

    /**
     * One prompt's low-res logits (square, row-major, padding included) → upsampled to the model
     * frame, padding cropped, resized to the original size, confined to the prompt's box when the
     * prompt asks for it, thresholded at 0, with the output statistics.
     *
     * @param pixelAreaMm2 area of one pixel in mm², or NaN
     */
    public static SegmentationOutput processOutput(
            float[] lowRes, ResizeGeometry g, SegmentationPrompt prompt, double pixelAreaMm2) {
        int low = (int) Math.round(Math.sqrt(lowRes.length));
        float[] logits = MaskPostprocessor.lowResLogitsToOriginal(lowRes, low, low, g);
        if (prompt.confinesMask()) {
            MaskPostprocessor.confineToBox(
                    logits, g.originalRows(), g.originalCols(), prompt.box());
        }
        return SegmentationOutput.fromLogits(
                logits, g.originalRows(), g.originalCols(), lowRes, pixelAreaMm2);
    }
}

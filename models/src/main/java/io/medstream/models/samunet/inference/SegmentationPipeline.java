package io.medstream.models.samunet.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.medstream.models.preprocess.MaskPostprocessor;
import io.medstream.models.preprocess.ResizeGeometry;
import io.medstream.models.preprocess.SamInput;
import io.medstream.models.preprocess.SamPreprocessor;
import io.medstream.models.samunet.inference.PromptableSegmenter.Timings;
import io.medstream.models.samunet.prompt.Prompts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything around the two model calls, shared by every {@link PromptableSegmenter} backend so the
 * native and TorchScript paths cannot drift apart: preprocessing ({@link SamPreprocessor}), one
 * encoder batch per call, prompt tokenisation and grouping (equal token count, at most {@link
 * #MAX_PROMPTS_PER_DECODE} per decoder call), post-processing ({@link MaskPostprocessor}, {@link
 * SegmentationOutput#fromLogits}) and timings.
 *
 * <p>Every call works in a private sub-manager that is closed before returning, so no native memory
 * outlives a call. Not thread-safe.
 */
final class SegmentationPipeline implements AutoCloseable {

    /** Upper bound on prompts per decoder call (bounds activation memory). */
    static final int MAX_PROMPTS_PER_DECODE = 32;

    private final SegmentationBackend backend;
    private final NDManager manager;
    private final SamPreprocessor preprocessor = new SamPreprocessor();
    private final int side;
    private Timings lastTimings;

    /**
     * @param backend the model calls; not closed by this pipeline
     * @param device where the per-call input tensors are created
     */
    SegmentationPipeline(SegmentationBackend backend, Device device) {
        this.backend = backend;
        this.manager = NDManager.newBaseManager(device);
        this.side = backend.imageSize();
    }

    List<List<SegmentationOutput>> segmentBatch(List<ImageRequest> requests) {
        long t0 = System.nanoTime();
        List<SamInput> inputs = new ArrayList<>();
        List<List<SegmentationPrompt>> prompts = new ArrayList<>();
        List<Double> spacings = new ArrayList<>();
        for (ImageRequest r : requests) {
            inputs.add(
                    preprocessor.preprocess(
                            r.values(),
                            r.rows(),
                            r.cols(),
                            r.modality(),
                            r.window(),
                            r.monochrome1()));
            prompts.add(r.prompts());
            spacings.add(r.spacingMm());
        }
        double pre = ms(t0);
        List<List<SegmentationOutput>> out = segmentInputs(inputs, spacings, prompts);
        Timings t = lastTimings;
        lastTimings =
                new Timings(
                        pre,
                        t.encoderMs(),
                        t.decoderMs(),
                        t.postprocessMs(),
                        t.images(),
                        t.prompts());
        return out;
    }

    List<List<SegmentationOutput>> segmentInputs(
            List<SamInput> inputs,
            List<Double> spacingsMm,
            List<List<SegmentationPrompt>> prompts) {
        if (inputs.isEmpty()
                || inputs.size() != prompts.size()
                || inputs.size() != spacingsMm.size()) {
            throw new IllegalArgumentException(
                    "need ≥1 image and one prompt list and spacing per image");
        }
        for (List<SegmentationPrompt> p : prompts) {
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("every image needs at least one prompt");
            }
        }
        return backend.exclusive(() -> segmentInputsUnlocked(inputs, spacingsMm, prompts));
    }

    private List<List<SegmentationOutput>> segmentInputsUnlocked(
            List<SamInput> inputs,
            List<Double> spacingsMm,
            List<List<SegmentationPrompt>> prompts) {
        int b = inputs.size();
        double encMs;
        double decMs = 0;
        double postMs = 0;
        int promptCount = 0;
        List<List<SegmentationOutput>> out = new ArrayList<>();
        try (NDManager call = manager.newSubManager()) {
            long t0 = System.nanoTime();
            // [B,3,S,S]: the images side by side in one buffer
            float[] chw = new float[b * 3 * side * side];
            for (int i = 0; i < b; i++) {
                System.arraycopy(inputs.get(i).chw(), 0, chw, i * 3 * side * side, 3 * side * side);
            }
            NDList enc = backend.encode(call.create(chw, new Shape(b, 3, side, side)));
            enc.attach(call);
            // embeddings [B,P,G,G], multi-scale [B,P/8,4G,4G]
            NDArray emb = enc.get(0);
            NDArray ms = enc.get(1);
            emb.toFloatArray(); // forces the computation so the timing is the encoder's
            encMs = ms(t0);
            for (int i = 0; i < b; i++) {
                ResizeGeometry g = inputs.get(i).geometry();
                List<SegmentationPrompt> ps = prompts.get(i);
                long td = System.nanoTime();
                // [1,P,G,G] / [1,P/8,4G,4G] shared by this image's prompts
                float[][] lowRes =
                        decodeAll(call, emb.get(i).expandDims(0), ms.get(i).expandDims(0), g, ps);
                decMs += ms(td);
                long tp = System.nanoTime();
                List<SegmentationOutput> outs = new ArrayList<>();
                // low-res logits are square [4G,4G], flattened
                int low = (int) Math.round(Math.sqrt(lowRes[0].length));
                for (int j = 0; j < lowRes.length; j++) {
                    float[] logits =
                            MaskPostprocessor.lowResLogitsToOriginal(lowRes[j], low, low, g);
                    if (ps.get(j).confinesMask()) {
                        MaskPostprocessor.confineToBox(
                                logits, g.originalRows(), g.originalCols(), ps.get(j).box());
                    }
                    outs.add(
                            SegmentationOutput.fromLogits(
                                    logits,
                                    g.originalRows(),
                                    g.originalCols(),
                                    lowRes[j],
                                    spacingsMm.get(i)));
                }
                postMs += ms(tp);
                promptCount += ps.size();
                out.add(outs);
            }
        }
        lastTimings = new Timings(0, encMs, decMs, postMs, b, promptCount);
        return out;
    }

    /** One image, all prompts, raw low-res logits {@code [N][4G·4G]} (no post-processing). */
    float[][] lowResLogits(SamInput input, List<SegmentationPrompt> prompts) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("at least one prompt is required");
        }
        return backend.exclusive(
                () -> {
                    try (NDManager call = manager.newSubManager()) {
                        long t0 = System.nanoTime();
                        NDList enc =
                                backend.encode(
                                        call.create(input.chw(), new Shape(1, 3, side, side)));
                        enc.attach(call);
                        enc.get(0).toFloatArray();
                        double encMs = ms(t0);
                        long td = System.nanoTime();
                        float[][] lowRes =
                                decodeAll(call, enc.get(0), enc.get(1), input.geometry(), prompts);
                        lastTimings = new Timings(0, encMs, ms(td), 0, 1, prompts.size());
                        return lowRes;
                    }
                });
    }

    Timings lastTimings() {
        return lastTimings;
    }

    /** Decodes every prompt of one image in groups; result in prompt order. */
    private float[][] decodeAll(
            NDManager call,
            NDArray emb,
            NDArray ms,
            ResizeGeometry g,
            List<SegmentationPrompt> prompts) {
        float[][] lowRes = new float[prompts.size()][];
        for (List<Integer> group : groups(prompts)) {
            // one sub-manager per decoder batch: its activations are freed before the next batch
            try (NDManager batch = call.newSubManager()) {
                decodeGroup(batch, emb, ms, g, prompts, group, lowRes);
            }
        }
        return lowRes;
    }

    /** Prompt indices grouped by token count, each group split into chunks of ≤ 32. */
    private static List<List<Integer>> groups(List<SegmentationPrompt> prompts) {
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

    private void decodeGroup(
            NDManager call,
            NDArray emb,
            NDArray ms,
            ResizeGeometry g,
            List<SegmentationPrompt> prompts,
            List<Integer> group,
            float[][] lowRes) {
        int n = group.size();
        int k = prompts.get(group.get(0)).tokenCount();
        // coords [N,K,2] (x,y) in the model frame; labels [N,K]
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
        NDArray c = call.create(coords, new Shape(n, k, 2));
        NDArray l = call.create(labels, new Shape(n, k));
        // [N,1,4G,4G]
        NDArray logits = backend.decode(emb, ms, c, l);
        logits.attach(call);
        float[] flat = logits.toFloatArray();
        int plane = flat.length / n;
        for (int j = 0; j < n; j++) {
            float[] one = new float[plane];
            System.arraycopy(flat, j * plane, one, 0, plane);
            lowRes[group.get(j)] = one;
        }
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    @Override
    public void close() {
        manager.close();
    }
}

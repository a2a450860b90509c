package io.medstream.training.samunet.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.medstream.models.samunet.ManagerScrubber;
import io.medstream.models.samunet.SamUnetBlock;
import io.medstream.models.samunet.SamUnetConfig;
import io.medstream.models.samunet.SamUnetVariant;
import io.medstream.models.samunet.decoder.MedMaskDecoderBlock;
import io.medstream.models.samunet.image.ImageEncoderVitBlock;
import io.medstream.models.samunet.image.SamUnetImageEncoderBlock;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import io.medstream.models.samunet.prompt.Prompts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code bench sam}: encoder ms/image and achieved GFLOP/s per batch size, a large fp32 matmul's
 * GFLOP/s through the same engine (practical peak), their ratio, decoder ms per box, a per-block
 * split of one encoder pass, and the process's peak RSS. Nominal encoder work from spec §14: 81
 * GFLOP/image (vit_b_r34), 91 (vit_b_r50); none is given for tiny.
 */
public final class SamUnetBenchmark {

    private SamUnetBenchmark() {}

    /** Spec §14 nominal GFLOP per 256² image, or NaN when the spec gives none. */
    public static double nominalGflop(SamUnetVariant v) {
        return switch (v) {
            case VIT_B_R34 -> 81.0;
            case VIT_B_R50 -> 91.0;
            default -> Double.NaN;
        };
    }

    /** Runs the benchmark. */
    public static Map<String, Object> run(
            SamUnetVariant variant, int[] batches, int reps, int boxes, long seed)
            throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("variant", variant.registryName());
        r.put(
                "engine",
                Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        r.put("torchThreads", System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
        r.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        r.put("rssBeforeModelMiB", rssKb("VmRSS") / 1024);
        double matmul = matmulGflops(2048, 5);
        r.put("matmulGflops", matmul);
        r.put("matmulSize", 2048);
        try (SamUnetPredictor model = SamUnetPredictor.fresh(variant, seed)) {
            r.put("rssWithModelMiB", rssKb("VmRSS") / 1024);
            SamUnetBlock block = model.block();
            ParameterStore ps = new ParameterStore(model.parameters(), false);
            ManagerScrubber scrubber = new ManagerScrubber(model.parameters());
            scrubber.snapshot();
            int s = block.getConfig().imageSize();
            double gflop = nominalGflop(variant);
            List<Map<String, Object>> enc = new ArrayList<>();
            for (int b : batches) {
                double best = Double.MAX_VALUE;
                double sum = 0;
                for (int i = 0; i <= reps; i++) {
                    try (NDManager m = model.parameters().newSubManager()) {
                        NDArray img = m.randomNormal(new Shape(b, 3, s, s));
                        long t0 = System.nanoTime();
                        NDList out = block.encode(ps, img, false);
                        out.get(1).toFloatArray();
                        double ms = (System.nanoTime() - t0) / 1e6;
                        out.close();
                        if (i > 0) { // first run = warm-up (profiling executor)
                            best = Math.min(best, ms);
                            sum += ms;
                        }
                    }
                    scrubber.scrub();
                }
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("batch", b);
                e.put("msPerImageMean", sum / reps / b);
                e.put("msPerImageBest", best / b);
                double gf = gflop * b / (best / 1000.0);
                e.put("gflopsBest", Double.isNaN(gflop) ? null : gf);
                e.put("fractionOfMatmulPeak", Double.isNaN(gflop) ? null : gf / matmul);
                enc.add(e);
            }
            r.put("nominalGflopPerImage", Double.isNaN(gflop) ? null : gflop);
            r.put("encoder", enc);
            r.put("decoder", decoder(block, ps, model.parameters(), scrubber, boxes, reps));
            Map<String, Object> parts = new LinkedHashMap<>();
            for (int n : new int[] {1, boxes}) {
                parts.put(
                        n + (n == 1 ? "Box" : "Boxes"),
                        decoderParts(block, ps, model.parameters(), scrubber, n, reps));
            }
            r.put("decoderPartsMs", parts);
            r.put("encoderBlocksMs", perBlock(block, ps, model.parameters(), scrubber));
        }
        r.put("peakRssMiB", rssKb("VmHWM") / 1024);
        return r;
    }

    private static Map<String, Object> decoder(
            SamUnetBlock block,
            ParameterStore ps,
            NDManager parent,
            ManagerScrubber scrubber,
            int boxes,
            int reps) {
        SamUnetConfig c = block.getConfig();
        Map<String, Object> d = new LinkedHashMap<>();
        for (int n : new int[] {1, boxes}) {
            double best = Double.MAX_VALUE;
            for (int i = 0; i <= reps; i++) {
                try (NDManager m = parent.newSubManager()) {
                    NDList in = decoderInputs(m, c, n);
                    long t0 = System.nanoTime();
                    block.decode(ps, in.get(0), in.get(1), in.get(2), in.get(3), false)
                            .toFloatArray();
                    double t = (System.nanoTime() - t0) / 1e6;
                    if (i > 0) {
                        best = Math.min(best, t);
                    }
                }
                scrubber.scrub();
            }
            d.put("msFor" + n + "Boxes", best);
            d.put("msPerBoxAt" + n, best / n);
        }
        return d;
    }

    /**
     * One decoder call on N boxes split by stage (mean over {@code reps} calls after a warm-up):
     * each stage's result is forced before the next starts, through {@link
     * MedMaskDecoderBlock#PART_CLOCK}. "promptsAndInputs" is the prompt encoder plus the
     * embedding/PE preparation.
     */
    private static Map<String, Double> decoderParts(
            SamUnetBlock block,
            ParameterStore ps,
            NDManager parent,
            ManagerScrubber scrubber,
            int n,
            int reps) {
        SamUnetConfig c = block.getConfig();
        Map<String, Double> t = new LinkedHashMap<>();
        for (int i = 0; i <= reps; i++) {
            Map<String, Double> run = new LinkedHashMap<>();
            try (NDManager m = parent.newSubManager()) {
                NDList in = decoderInputs(m, c, n);
                long[] last = {System.nanoTime()};
                BiConsumer<String, NDArray> clock =
                        (part, value) -> {
                            value.toFloatArray();
                            long now = System.nanoTime();
                            run.merge(part, (now - last[0]) / 1e6, Double::sum);
                            last[0] = now;
                        };
                PairList<String, Object> params = new PairList<>();
                params.add(MedMaskDecoderBlock.PART_CLOCK, clock);
                block.decode(ps, in.get(0), in.get(1), in.get(2), in.get(3), null, false, params);
            }
            scrubber.scrub();
            if (i > 0) {
                run.forEach((k, v) -> t.merge(k, v / reps, Double::sum));
            }
        }
        return t;
    }

    /**
     * Random decoder inputs for one image and n boxes: embeddings {@code [1,P,G,G]}, multi-scale
     * feature {@code [1,P/8,4G,4G]}, box coords {@code [n,2,2]}, labels {@code [n,2]}.
     */
    private static NDList decoderInputs(NDManager m, SamUnetConfig c, int n) {
        int g = c.gridSize();
        NDArray emb = m.randomNormal(new Shape(1, c.promptDim(), g, g));
        NDArray ms = m.randomNormal(new Shape(1, c.maskFeatureDim(), 4L * g, 4L * g));
        float[][] bx = new float[n][];
        for (int j = 0; j < n; j++) {
            bx[j] = new float[] {10 + j, 20, 120 + j, 200};
        }
        NDList p = Prompts.boxes(m, bx);
        return new NDList(emb, ms, p.get(0), p.get(1));
    }

    /** One B = 1 encoder pass split by component (after one warm-up pass). */
    private static Map<String, Object> perBlock(
            SamUnetBlock block, ParameterStore ps, NDManager parent, ManagerScrubber scrubber) {
        SamUnetImageEncoderBlock enc = block.getImageEncoder();
        ImageEncoderVitBlock vit = enc.getVit();
        SamUnetConfig c = block.getConfig();
        Map<String, Double> t = new LinkedHashMap<>();
        for (int pass = 0; pass < 2; pass++) {
            t.clear();
            try (NDManager m = parent.newSubManager()) {
                int s = c.imageSize();
                NDArray image = m.randomNormal(new Shape(1, 3, s, s));
                long t0 = System.nanoTime();
                NDList taps = enc.getResNet().forward(ps, new NDList(image), false);
                taps.get(3).toFloatArray();
                add(t, "resnet", t0);
                t0 = System.nanoTime();
                NDArray x = vit.embed(ps, image, false);
                x.toFloatArray();
                add(t, "vit.patchEmbed+pos", t0);
                int next = 0;
                int[] globals = c.globalAttnIndexes();
                for (int k = 0; k < 4; k++) {
                    for (; next < globals[k]; next++) {
                        t0 = System.nanoTime();
                        x = vit.layer(next).forward(ps, new NDList(x), false).singletonOrThrow();
                        x.toFloatArray();
                        add(t, "vit.windowLayers", t0);
                    }
                    t0 = System.nanoTime();
                    NDArray f =
                            enc.getAdapters()
                                    .get(k)
                                    .forward(ps, new NDList(taps.get(k)), false)
                                    .singletonOrThrow();
                    x = x.add(f.transpose(0, 2, 3, 1));
                    x.toFloatArray();
                    add(t, "adaptersIn", t0);
                    t0 = System.nanoTime();
                    x = vit.layer(next++).forward(ps, new NDList(x), false).singletonOrThrow();
                    x.toFloatArray();
                    add(t, "vit.globalLayers", t0);
                    if (k < 3) {
                        t0 = System.nanoTime();
                        enc.getBridges()
                                .get(2 - k)
                                .forward(ps, new NDList(x.transpose(0, 3, 1, 2)), false)
                                .singletonOrThrow()
                                .toFloatArray();
                        add(t, "bridges", t0);
                    }
                }
                for (; next < vit.depth(); next++) {
                    t0 = System.nanoTime();
                    x = vit.layer(next).forward(ps, new NDList(x), false).singletonOrThrow();
                    x.toFloatArray();
                    add(t, "vit.windowLayers", t0);
                }
                t0 = System.nanoTime();
                NDArray emb = vit.neck(ps, x, false);
                emb.toFloatArray();
                add(t, "vit.neck", t0);
                t0 = System.nanoTime();
                enc.getEmbeddingEncoder()
                        .forward(ps, new NDList(emb), false)
                        .singletonOrThrow()
                        .toFloatArray();
                add(t, "embeddingEncoder", t0);
            }
            scrubber.scrub();
        }
        return new LinkedHashMap<>(t);
    }

    private static void add(Map<String, Double> t, String key, long t0) {
        t.merge(key, (System.nanoTime() - t0) / 1e6, Double::sum);
    }

    /** Best-of-{@code reps} GFLOP/s of an n×n fp32 matmul (2n³ FLOP). */
    public static double matmulGflops(int n, int reps) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                c.close();
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }

    /** A field of /proc/self/status in KiB (VmRSS, VmHWM), or −1. */
    public static long rssKb(String field) throws IOException {
        Path p = Path.of("/proc/self/status");
        if (!Files.exists(p)) {
            return -1;
        }
        for (String line : Files.readAllLines(p)) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

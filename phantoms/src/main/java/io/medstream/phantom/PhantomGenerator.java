package io.medstream.phantom;

import io.medstream.models.vocabulary.BodyRegion;
import io.medstream.models.vocabulary.LesionContrast;
import io.medstream.models.vocabulary.Modality;
import io.medstream.models.vocabulary.Side;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic generator of synthetic CT/MR slices with ground truth.
 *
 * <p>Determinism: series-level choices (modality, region, pixel spacing, body outline, organ
 * layout) come from a {@link SplittableRandom} seeded with mix(seed, seriesIndex); slice-level
 * choices (small organ jitter, texture, lesions, noise) from one seeded with mix(seed, seriesIndex,
 * sliceIndex). Floating point uses {@link StrictMath} and a hand-written Box–Muller, so (seed,
 * series, slice, config) → bit-identical output on any JVM, and any slice can be generated alone.
 *
 * <p>Steps per slice: body outline → label map (air, fat, soft-tissue cavity, organs in list order,
 * clipped to the cavity) → lesions placed fully inside a host organ, not touching each other →
 * modality value per pixel = nominal + texture + Gaussian noise → stored pixels → masks and
 * findings.
 *
 * <p>Thread-safe: the generator holds only its immutable config; every call builds its own random
 * generators.
 */
public final class PhantomGenerator {

    private static final long SERIES_SALT = 0x5E7135L;

    /** Label values below {@link #FIRST_ORGAN_LABEL}; organ i has label FIRST_ORGAN_LABEL + i. */
    private static final int AIR = 0;

    private static final int FAT = 1;
    private static final int CAVITY = 2;
    private static final int FIRST_ORGAN_LABEL = 3;
    private static final int LESION_PLACEMENT_TRIES = 40;
    private static final double LESION_SHRINK = 0.8;

    private final PhantomConfig config;

    public PhantomGenerator(PhantomConfig config) {
        this.config = config;
    }

    public PhantomGenerator() {
        this(PhantomConfig.defaults());
    }

    public PhantomConfig config() {
        return config;
    }

    /**
     * A stand-alone slice: the first slice of series {@code index}. Every index is its own patient,
     * study and series, with its own modality, region and spacing.
     */
    public PhantomSlice generate(long seed, int index) {
        return generateSeriesSlice(seed, index, 0);
    }

    /**
     * Slices 0..sliceCount−1 of one series; they share patient, study, series, modality, region and
     * spacing.
     */
    public List<PhantomSlice> generateSeries(long seed, long seriesIndex, int sliceCount) {
        if (sliceCount < 1) {
            throw new IllegalArgumentException("sliceCount must be >= 1, got " + sliceCount);
        }
        List<PhantomSlice> out = new ArrayList<>(sliceCount);
        for (int i = 0; i < sliceCount; i++) {
            out.add(generateSeriesSlice(seed, seriesIndex, i));
        }
        return out;
    }

    /**
     * Slice {@code sliceIndex} of a series, generated alone; equal to element sliceIndex of
     * generateSeries.
     */
    public PhantomSlice generateSeriesSlice(long seed, long seriesIndex, int sliceIndex) {
        if (sliceIndex < 0) {
            throw new IllegalArgumentException("sliceIndex must be >= 0, got " + sliceIndex);
        }
        SplittableRandom seriesRng = new SplittableRandom(mix(mix(seed, seriesIndex), SERIES_SALT));
        SplittableRandom sliceRng = new SplittableRandom(mix(mix(seed, seriesIndex), sliceIndex));
        int rows = config.rows();
        int cols = config.columns();

        // --- series-level choices (fixed draw order) ---
        Modality modality =
                seriesRng.nextDouble() < config.ctFraction() ? Modality.CT : Modality.MR;
        BodyRegion region =
                seriesRng.nextDouble() < config.chestFraction()
                        ? BodyRegion.CHEST
                        : BodyRegion.ABDOMEN;
        double spacing =
                Math.round(
                                Anatomy.uniform(
                                                seriesRng,
                                                config.pixelSpacingMinMm(),
                                                config.pixelSpacingMaxMm())
                                        * 1000.0)
                        / 1000.0;
        BodyOutline body = BodyOutline.draw(rows, cols, region, seriesRng);
        List<Anatomy.Organ> organs = Anatomy.place(region, body, seriesRng, sliceRng);

        // --- label map: rows×cols row-major ---
        int[] label = new int[rows * cols];
        double cavityLimit = 1.0 - body.fatFraction();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double rel = body.relativeRadius(r, c);
                label[r * cols + c] = rel <= cavityLimit ? CAVITY : rel <= 1.0 ? FAT : AIR;
            }
        }
        for (int i = 0; i < organs.size(); i++) {
            Ellipse e = organs.get(i).shape();
            int[] b = e.bounds(rows, cols);
            for (int r = b[0]; r <= b[2]; r++) {
                for (int c = b[1]; c <= b[3]; c++) {
                    int idx = r * cols + c;
                    if (label[idx] >= CAVITY && e.contains(r, c)) {
                        label[idx] = FIRST_ORGAN_LABEL + i;
                    }
                }
            }
        }

        // --- lesions ---
        int[] lesionOf = new int[rows * cols]; // 0 = none, k = lesion k (1-based)
        List<PlacedLesion> lesions =
                placeLesions(modality, organs, label, lesionOf, spacing, sliceRng);

        // --- pixel values ---
        double[] texture = TextureField.generate(rows, cols, sliceRng);
        double sigma = config.noiseSigma(modality);
        short[] stored = new short[rows * cols];
        double[] gaussPair = new double[2];
        for (int i = 0; i < stored.length; i++) {
            if ((i & 1) == 0) {
                boxMuller(sliceRng, gaussPair);
            }
            double noise = sigma * gaussPair[i & 1];
            Tissue t = tissueOf(label[i], organs);
            double amp = config.textureScale() * t.textureAmplitude(modality);
            double value;
            if (lesionOf[i] > 0) {
                value = lesions.get(lesionOf[i] - 1).value() + 0.5 * amp * texture[i] + noise;
            } else {
                value = t.nominal(modality) + amp * texture[i] + noise;
            }
            stored[i] = toStored(modality, value);
        }

        // --- ground truth ---
        Map<String, Mask> masks = new LinkedHashMap<>();
        boolean[] bodyBits = new boolean[rows * cols];
        for (int i = 0; i < label.length; i++) {
            bodyBits[i] = label[i] != AIR;
        }
        masks.put("body", new Mask(rows, cols, bodyBits));
        for (int o = 0; o < organs.size(); o++) {
            boolean[] bits = new boolean[rows * cols];
            for (int i = 0; i < label.length; i++) {
                bits[i] = label[i] == FIRST_ORGAN_LABEL + o;
            }
            masks.put(organs.get(o).spec().name(), new Mask(rows, cols, bits));
        }
        List<LesionFinding> findings = new ArrayList<>();
        for (int k = 0; k < lesions.size(); k++) {
            PlacedLesion l = lesions.get(k);
            boolean[] bits = new boolean[rows * cols];
            for (int i = 0; i < lesionOf.length; i++) {
                bits[i] = lesionOf[i] == k + 1;
            }
            Mask m = new Mask(rows, cols, bits);
            String id = "lesion_" + (k + 1);
            masks.put(id, m);
            double[] centroid = m.centroid();
            int[] bb = m.boundingBox();
            findings.add(
                    new LesionFinding(
                            id,
                            l.host().spec().name(),
                            Side.ofColumn(centroid[1], cols, config.midlineBandFraction()),
                            l.shape().majorAxis() * spacing,
                            l.contrast(),
                            l.value(),
                            l.host().spec().tissue().nominal(modality),
                            centroid[0],
                            centroid[1],
                            bb[0],
                            bb[1],
                            bb[2],
                            bb[3],
                            m.area()));
        }
        double wc =
                modality == Modality.CT
                        ? PhantomConfig.CT_WINDOW_CENTER
                        : PhantomConfig.MR_WINDOW_CENTER;
        double ww =
                modality == Modality.CT
                        ? PhantomConfig.CT_WINDOW_WIDTH
                        : PhantomConfig.MR_WINDOW_WIDTH;
        return new PhantomSlice(
                seed,
                seriesIndex,
                sliceIndex,
                modality,
                region,
                rows,
                cols,
                spacing,
                config.sliceThicknessMm(),
                stored,
                wc,
                ww,
                masks,
                findings);
    }

    /** A lesion as drawn: its ellipse, host organ, nominal value and contrast class. */
    private record PlacedLesion(
            Ellipse shape, Anatomy.Organ host, double value, LesionContrast contrast) {}

    /**
     * Places 0..maxLesions lesions (uniform count). Each lesion: longest diameter log-uniform in
     * [lesionMinMm, lesionMaxMm], axis ratio [0.65, 1], random angle, host organ chosen with
     * probability proportional to its visible area; its centre is a random host pixel and the whole
     * ellipse must lie in the host and keep one pixel away from earlier lesions. After 40 failed
     * centres the diameter shrinks by 0.8; below lesionMinMm the lesion is dropped (so the count
     * can come out lower than drawn).
     */
    private List<PlacedLesion> placeLesions(
            Modality modality,
            List<Anatomy.Organ> organs,
            int[] label,
            int[] lesionOf,
            double spacing,
            SplittableRandom rng) {
        int rows = config.rows();
        int cols = config.columns();
        List<int[]> hostPixels = new ArrayList<>();
        List<Anatomy.Organ> hosts = new ArrayList<>();
        long totalArea = 0;
        for (int o = 0; o < organs.size(); o++) {
            if (!organs.get(o).spec().lesionHost()) {
                continue;
            }
            int n = 0;
            for (int v : label) {
                if (v == FIRST_ORGAN_LABEL + o) {
                    n++;
                }
            }
            int[] px = new int[n];
            n = 0;
            for (int i = 0; i < label.length; i++) {
                if (label[i] == FIRST_ORGAN_LABEL + o) {
                    px[n++] = i;
                }
            }
            if (px.length > 0) {
                hosts.add(organs.get(o));
                hostPixels.add(px);
                totalArea += px.length;
            }
        }
        List<PlacedLesion> out = new ArrayList<>();
        int count = rng.nextInt(config.maxLesions() + 1);
        boolean[] occupied = new boolean[rows * cols]; // lesions dilated by one pixel
        for (int k = 0; k < count && totalArea > 0; k++) {
            double logMin = StrictMath.log(config.lesionMinMm());
            double logMax = StrictMath.log(config.lesionMaxMm());
            double diameterMm = StrictMath.exp(Anatomy.uniform(rng, logMin, logMax));
            double ratio = Anatomy.uniform(rng, 0.65, 1.0);
            double angle = Anatomy.uniform(rng, 0.0, Math.PI);
            long pick = (long) (rng.nextDouble() * totalArea);
            int h = 0;
            while (pick >= hostPixels.get(h).length) {
                pick -= hostPixels.get(h).length;
                h++;
            }
            Anatomy.Organ host = hosts.get(h);
            int[] px = hostPixels.get(h);
            int hostLabel = FIRST_ORGAN_LABEL + organs.indexOf(host);
            Ellipse placed = null;
            while (placed == null && diameterMm >= config.lesionMinMm()) {
                double a = diameterMm / 2.0 / spacing;
                for (int t = 0; t < LESION_PLACEMENT_TRIES && placed == null; t++) {
                    int centre = px[rng.nextInt(px.length)];
                    Ellipse e = new Ellipse(centre / cols, centre % cols, a, a * ratio, angle);
                    if (fits(e, label, hostLabel, occupied, rows, cols)) {
                        placed = e;
                    }
                }
                if (placed == null) {
                    diameterMm *= LESION_SHRINK;
                }
            }
            if (placed == null) {
                continue;
            }
            double organValue = host.spec().tissue().nominal(modality);
            double value;
            boolean brighter;
            if (host.spec().tissue() == Tissue.LUNG) {
                // lung nodules: soft-tissue attenuation / intermediate signal, always brighter than
                // lung
                brighter = true;
                value =
                        modality == Modality.CT
                                ? Anatomy.uniform(rng, 20, 60)
                                : Anatomy.uniform(rng, 250, 400);
            } else {
                brighter = rng.nextBoolean();
                double delta =
                        modality == Modality.CT
                                ? Anatomy.uniform(
                                        rng,
                                        config.ctMinLesionContrastHu(),
                                        config.ctMaxLesionContrastHu())
                                : Anatomy.uniform(
                                        rng,
                                        config.mrMinLesionContrast(),
                                        config.mrMaxLesionContrast());
                value = organValue + (brighter ? delta : -delta);
            }
            int id = out.size() + 1;
            int[] b = placed.bounds(rows, cols);
            for (int r = b[0]; r <= b[2]; r++) {
                for (int c = b[1]; c <= b[3]; c++) {
                    if (placed.contains(r, c)) {
                        lesionOf[r * cols + c] = id;
                        for (int dr = -1; dr <= 1; dr++) {
                            for (int dc = -1; dc <= 1; dc++) {
                                int rr = r + dr;
                                int cc = c + dc;
                                if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) {
                                    occupied[rr * cols + cc] = true;
                                }
                            }
                        }
                    }
                }
            }
            out.add(new PlacedLesion(placed, host, value, LesionContrast.of(modality, brighter)));
        }
        return out;
    }

    private static boolean fits(
            Ellipse e, int[] label, int hostLabel, boolean[] occupied, int rows, int cols) {
        double ext = Math.max(e.ry(), e.rx());
        if (e.cy() - ext < 0
                || e.cx() - ext < 0
                || e.cy() + ext > rows - 1
                || e.cx() + ext > cols - 1) {
            return false;
        }
        int[] b = e.bounds(rows, cols);
        for (int r = b[0]; r <= b[2]; r++) {
            for (int c = b[1]; c <= b[3]; c++) {
                int idx = r * cols + c;
                if (e.contains(r, c) && (label[idx] != hostLabel || occupied[idx])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Tissue tissueOf(int label, List<Anatomy.Organ> organs) {
        switch (label) {
            case AIR:
                return Tissue.AIR;
            case FAT:
                return Tissue.FAT;
            case CAVITY:
                return Tissue.SOFT_TISSUE;
            default:
                return organs.get(label - FIRST_ORGAN_LABEL).spec().tissue();
        }
    }

    /** CT: clamp(round(HU) + 1024, 0, 4095); MR: clamp(round(v), 0, 4095). Round half up. */
    static short toStored(Modality modality, double value) {
        long v = (long) Math.floor(value + 0.5) + (modality == Modality.CT ? 1024 : 0);
        return (short) Math.max(0, Math.min(4095, v));
    }

    /**
     * Two independent N(0,1) draws (Box–Muller with StrictMath, so results do not depend on JIT
     * intrinsics).
     */
    private static void boxMuller(SplittableRandom rng, double[] out) {
        double u1 = 1.0 - rng.nextDouble(); // (0, 1]
        double u2 = rng.nextDouble();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double theta = 2.0 * Math.PI * u2;
        out[0] = radius * StrictMath.cos(theta);
        out[1] = radius * StrictMath.sin(theta);
    }

    /** SplitMix64-style mixing of two longs into a seed. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

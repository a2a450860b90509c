package io.medstream.cli.demo;

import io.medstream.operators.segment.RleMasks;
import io.medstream.phantom.PhantomSlice;
import io.medstream.phantom.PhantomTargets;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.ReportSentence;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.SegmentedStructure;
import io.medstream.schemas.StudyReport;
import io.medstream.training.report.corpus.StudyTruth;
import io.medstream.training.report.eval.SeriesJudge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Quality of a demo run on phantoms, from the outputs as a consumer received them: Dice of every
 * prompted structure against the phantom's ground truth, and CHAIR_S of the series reports (share
 * of reports that mention a lesion the series does not have, judged by {@link SeriesJudge}).
 */
public final class DemoMetrics {
    private DemoMetrics() {}

    /** Dice per labelled structure of every mask record whose SOP is a known phantom. */
    public static List<Double> dice(
            List<SegmentationResult> masks, Map<String, PhantomSlice> phantomsBySop) {
        List<Double> out = new ArrayList<>();
        for (SegmentationResult r : masks) {
            PhantomSlice slice = phantomsBySop.get(r.getSopInstanceUid());
            if (slice == null) {
                continue;
            }
            // the targets once per slice (each needs a connected-component pass), then looked up by
            // label
            Map<String, boolean[]> truth = new HashMap<>();
            for (PhantomTargets.Target t : PhantomTargets.targets(slice)) {
                truth.put(t.name(), t.mask());
            }
            for (SegmentedStructure s : r.getStructures()) {
                boolean[] t = s.getLabel() == null ? null : truth.get(s.getLabel());
                if (t != null) {
                    out.add(dice(RleMasks.decode(s.getMask()), t));
                }
            }
        }
        return out;
    }

    /** Dice coefficient 2|A∩B| / (|A|+|B|); 1 when both are empty. */
    public static double dice(boolean[] a, boolean[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "masks of " + a.length + " and " + b.length + " pixels");
        }
        long inter = 0;
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] && b[i]) {
                inter++;
            }
            sum += (a[i] ? 1 : 0) + (b[i] ? 1 : 0);
        }
        return sum == 0 ? 1.0 : 2.0 * inter / sum;
    }

    /**
     * CHAIR_S over the reports of phantom series: hallucinated reports / judged reports; NaN when
     * none could be judged. A report is judged against every phantom slice of its series that was
     * sent.
     */
    public static double chairS(
            List<StudyReport> reports, Map<String, PhantomSlice> phantomsBySop) {
        int judged = 0;
        int hallucinated = 0;
        for (StudyReport r : reports) {
            List<StudyTruth> truths = new ArrayList<>();
            for (PhantomSlice s : phantomsBySop.values()) {
                if (s.seriesInstanceUid().equals(r.getSeriesInstanceUid())) {
                    truths.add(StudyTruth.of(s));
                }
            }
            if (truths.isEmpty()) {
                continue;
            }
            List<String> sentences =
                    r.getSentences().stream().map(ReportSentence::getText).toList();
            judged++;
            if (SeriesJudge.judge(sentences, truths).hallucinated()) {
                hallucinated++;
            }
        }
        return judged == 0 ? Double.NaN : (double) hallucinated / judged;
    }

    /** Distinct "name@version (sha256 prefix)" of every model that stamped an output. */
    public static List<String> modelVersions(
            List<SegmentationResult> masks, List<StudyReport> reports) {
        TreeSet<String> out = new TreeSet<>();
        masks.forEach(m -> out.add(describe(m.getModel())));
        for (StudyReport r : reports) {
            out.add(describe(r.getDrafterModel()));
            out.add(describe(r.getScorerModel()));
        }
        return List.copyOf(out);
    }

    static String describe(ModelRef m) {
        return m.getName()
                + "@"
                + m.getVersion()
                + " (sha256 "
                + m.getSha256().substring(0, Math.min(12, m.getSha256().length()))
                + ")";
    }

    public static double mean(List<Double> xs) {
        return xs.isEmpty()
                ? Double.NaN
                : xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}

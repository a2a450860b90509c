package io.medstream.training.samunet.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dice / IoU helpers and a summary of a list of scores. */
public final class DiceStats {

    private DiceStats() {}

    /** 2|A∩B| / (|A|+|B|); 1 when both are empty. */
    public static double dice(boolean[] a, boolean[] b) {
        long inter = 0;
        long sa = 0;
        long sb = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i]) {
                sa++;
            }
            if (b[i]) {
                sb++;
                if (a[i]) {
                    inter++;
                }
            }
        }
        return sa + sb == 0 ? 1.0 : 2.0 * inter / (sa + sb);
    }

    /** |A∩B| / |A∪B|; 1 when both are empty. */
    public static double iou(boolean[] a, boolean[] b) {
        long inter = 0;
        long union = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] && b[i]) {
                inter++;
            }
            if (a[i] || b[i]) {
                union++;
            }
        }
        return union == 0 ? 1.0 : (double) inter / union;
    }

    /** {count, mean, median, min} of the values (NaN statistics when empty). */
    public static Map<String, Object> summary(List<Double> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", values.size());
        m.put("mean", mean(values));
        m.put("median", median(values));
        m.put("min", values.isEmpty() ? Double.NaN : Collections.min(values));
        return m;
    }

    public static double mean(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.size();
    }

    public static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : 0.5 * (s.get(n / 2 - 1) + s.get(n / 2));
    }
}

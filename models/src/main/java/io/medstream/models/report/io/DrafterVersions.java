package io.medstream.models.report.io;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that names drafter versions and parses them: the supervised model is {@value
 * #BASE}, the CSR iteration t that DPO writes is {@code dpo<t>} (t ≥ 1). Serving stamps reports and
 * preference pairs with the iteration it reads from a version; training names its output folders
 * and model cards with {@link #dpo(int)}.
 */
public final class DrafterVersions {
    private DrafterVersions() {}

    /** Version of the supervised drafter that CSR starts from. */
    public static final String BASE = "base";

    /**
     * {@code dpo<t>} anywhere in a version, so a deployment may prefix or suffix it (for example
     * {@code csr-dpo12-2026-11}); six digits bound the number before it is parsed.
     */
    private static final Pattern DPO = Pattern.compile("dpo(\\d{1,6})(?!\\d)");

    /** The version DPO iteration {@code t} writes. */
    public static String dpo(int iteration) {
        if (iteration < 1) {
            throw new IllegalArgumentException("DPO iterations start at 1, got " + iteration);
        }
        return "dpo" + iteration;
    }

    /** The DPO iteration in {@code version}, empty for the base model or any other name. */
    public static OptionalInt dpoIteration(String version) {
        if (version == null) {
            return OptionalInt.empty();
        }
        Matcher m = DPO.matcher(version);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** CSR iteration of a drafter version: {@code dpo<t>} → t, anything else (the base) → 0. */
    public static int iteration(String version) {
        return dpoIteration(version).orElse(0);
    }

    /**
     * The iteration that pairs curated with this drafter train: pairs from π_{t−1} train iteration
     * t, so {@value #BASE} → 1 and {@code dpo<t>} → t + 1; any other version → 0 (unknown).
     */
    public static int nextIteration(String version) {
        if (BASE.equals(version)) {
            return 1;
        }
        OptionalInt t = dpoIteration(version);
        return t.isPresent() ? t.getAsInt() + 1 : 0;
    }
}

package io.medstream.models.report.serving;

import io.medstream.dicom.image.ScanImage;
import io.medstream.models.report.calibration.PlattCalibrator;
import io.medstream.models.report.csr.PairSelector;
import io.medstream.models.report.csr.PreferencePairs;
import io.medstream.models.report.csr.SentenceSearch;
import io.medstream.models.report.drafter.DrafterInput;
import io.medstream.models.report.io.DrafterVersions;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.PreferencePair;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The serving API of the Flink draft stage: one report per DICOM series, plus the CSR preference
 * pairs.
 *
 * <p>Each slice is drafted on its own (the drafter sees one 2-D image): greedily, or with the CSR
 * sentence search, whose best complete path is the slice's report and whose best and worst complete
 * paths form the slice's {@link PreferencePair} — from the same search, so the pair is exactly what
 * was served and no second search is paid for. The slice reports are then merged by {@link
 * SeriesMerger} (see there for the rule).
 *
 * <p>Deterministic: the drafter and the search have no sampling, and the merge is a pure function,
 * so equal inputs give equal drafts (the pairs' createdTime is the caller's). Not thread-safe: one
 * reporter per bundle per thread.
 */
public final class SeriesReporter {

    /**
     * URI scheme of a pair's image claim check: the image is the slice with that SOP Instance UID.
     */
    public static final String IMAGE_URI_PREFIX = "dicom-sop:";

    private final ReportModelBundle bundle;
    private final SentenceSearch search;
    private final PairSelector selector;

    /**
     * With the default search (K = 3, keep 1 + 1, RANK reward) and pair selection (no margin rule).
     */
    public SeriesReporter(ReportModelBundle bundle) {
        this(bundle, SentenceSearch.Settings.defaults(), new PairSelector(0));
    }

    public SeriesReporter(
            ReportModelBundle bundle, SentenceSearch.Settings search, PairSelector selector) {
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.search = new SentenceSearch(search);
        this.selector = Objects.requireNonNull(selector, "selector");
    }

    /**
     * As {@link #draft(List, boolean, String, String, Instant)} with the pairs' createdTime at the
     * epoch.
     */
    public SeriesDraft draft(
            List<ScanImage> slices, boolean csr, String studyUid, String seriesUid) {
        return draft(slices, csr, studyUid, seriesUid, Instant.EPOCH);
    }

    /**
     * Drafts every slice and merges the series report.
     *
     * @param slices the series' slices, any order (the merge orders them by InstanceNumber)
     * @param csr CSR search (and pairs) when true, greedy decoding otherwise
     * @param createdTime createdTime of the pairs (the stream's event time keeps replays identical)
     * @throws IllegalArgumentException when {@code slices} is empty
     * @throws IllegalStateException greedy mode without a greedy calibration in the bundle
     */
    public SeriesDraft draft(
            List<ScanImage> slices,
            boolean csr,
            String studyUid,
            String seriesUid,
            Instant createdTime) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("series " + seriesUid + ": no slices to report on");
        }
        for (ScanImage s : slices) {
            if (s.sopInstanceUid() == null) {
                // the report's sentences and the preference pairs point at their slice by UID
                throw new IllegalArgumentException(
                        "series " + seriesUid + ": a slice without SOP Instance UID");
            }
        }
        PlattCalibrator cal =
                bundle.calibrator(csr)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "no greedy calibration for "
                                                        + bundle.drafterRef().getVersion()
                                                        + "; fit one with ReportModels.calibrate(..., csr = false, ...)"));
        List<SliceDraft> drafts = new ArrayList<>(slices.size());
        for (ScanImage s : slices) {
            drafts.add(csr ? csr(s, cal, studyUid, seriesUid, createdTime) : greedy(s, cal));
        }
        return new SeriesDraft(
                drafts,
                SeriesMerger.merge(studyUid, seriesUid, drafts),
                bundle.drafterRef(),
                bundle.scorerRef());
    }

    private SliceDraft greedy(ScanImage s, PlattCalibrator cal) {
        DraftedReport r =
                ReportDrafter.greedy(
                        bundle.drafter(),
                        bundle.scorer(),
                        DrafterInput.of(s),
                        cal,
                        search.settings().lambda());
        return new SliceDraft(s.sopInstanceUid(), s.instanceNumber(), r, null, null);
    }

    private SliceDraft csr(
            ScanImage s, PlattCalibrator cal, String studyUid, String seriesUid, Instant created) {
        float[] input = DrafterInput.of(s);
        SentenceSearch.Result result = search.search(bundle.drafter(), bundle.scorer(), input);
        DraftedReport report = ReportDrafter.fromSearch(result, search.settings().lambda(), cal);
        PairSelector.Selection sel = selector.select(result.bestFirst());
        if (!sel.kept()) {
            return new SliceDraft(
                    s.sopInstanceUid(), s.instanceNumber(), report, null, sel.dropReason());
        }
        ClaimCheck imageRef =
                PreferencePairs.imageRef(IMAGE_URI_PREFIX + s.sopInstanceUid(), input);
        String version = bundle.drafterRef().getVersion();
        PreferencePair pair =
                PreferencePairs.of(
                        "csr-serve-" + version + "-" + s.sopInstanceUid(),
                        studyUid,
                        seriesUid,
                        s.sopInstanceUid(),
                        imageRef,
                        sel,
                        search.settings().toAvro(),
                        bundle.drafterRef(),
                        bundle.scorerRef(),
                        DrafterVersions.nextIteration(version),
                        created);
        return new SliceDraft(s.sopInstanceUid(), s.instanceNumber(), report, pair, null);
    }
}

package io.medstream.cli.demo;

import io.medstream.cli.demo.html.DemoPage;
import io.medstream.dicom.DicomFile;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.Tag;
import io.medstream.dicom.image.ScanImage;
import io.medstream.embedded.PipelineRun;
import io.medstream.embedded.ScanInput;
import io.medstream.models.common.Sha256;
import io.medstream.models.preprocess.Windowing;
import io.medstream.operators.segment.RleMasks;
import io.medstream.phantom.PhantomSlice;
import io.medstream.schemas.ReportSentence;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.SegmentedStructure;
import io.medstream.schemas.StudyReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's HTML page from a run's outputs: each scan's image (re-decoded from the bytes that were
 * sent) with its masks, the series' report, latency and Dice plots. Series are shown under a short
 * hash of their UID and scans under their trace id, so the page carries no DICOM identifiers.
 */
public final class DemoHtml {
    private DemoHtml() {}

    public static Path write(
            Path dir,
            Map<String, String> summary,
            List<ScanInput> inputs,
            PipelineRun.Result r,
            Map<String, PhantomSlice> phantomsBySop)
            throws IOException {
        Map<String, DicomFile> dicomBySop = new HashMap<>();
        for (ScanInput in : inputs) {
            try {
                DicomFile f = DicomReader.read(in.dicom());
                dicomBySop.put(f.dataset().getString(Tag.SOP_INSTANCE_UID, ""), f);
            } catch (RuntimeException e) {
                // inputs that could not be parsed are dead letters and have no mask to show
            }
        }
        List<DemoPage.Scan> scans = new ArrayList<>();
        List<Double> allDice = new ArrayList<>();
        for (SegmentationResult m : r.masks()) {
            DicomFile file = dicomBySop.get(m.getSopInstanceUid());
            if (file == null) {
                continue;
            }
            ScanImage img = ScanImage.fromDicom(file, m.getFrameIndex());
            int[] grey =
                    Windowing.toGrey(img.values(), img.modality(), img.window(), img.monochrome1());
            List<DemoPage.Overlay> overlays = new ArrayList<>();
            int k = 0;
            for (SegmentedStructure s : m.getStructures()) {
                String label = s.getLabel() != null ? s.getLabel() : "auto-" + (++k);
                overlays.add(new DemoPage.Overlay(label, RleMasks.decode(s.getMask())));
            }
            Double dice = null;
            PhantomSlice slice = phantomsBySop.get(m.getSopInstanceUid());
            if (slice != null) {
                List<Double> d = DemoMetrics.dice(List.of(m), Map.of(m.getSopInstanceUid(), slice));
                allDice.addAll(d);
                dice = d.isEmpty() ? null : DemoMetrics.mean(d);
            }
            double latency = r.scanLatencyOf(m);
            scans.add(
                    new DemoPage.Scan(
                            m.getTraceId(),
                            seriesKey(m.getSeriesInstanceUid()),
                            img.rows(),
                            img.cols(),
                            grey,
                            overlays,
                            dice,
                            Double.isNaN(latency) ? null : latency));
        }
        List<DemoPage.SeriesReport> reports = new ArrayList<>();
        for (StudyReport rep : r.reports()) {
            List<DemoPage.Sentence> sentences = new ArrayList<>();
            for (ReportSentence s : rep.getSentences()) {
                double c = s.getConfidence();
                sentences.add(
                        new DemoPage.Sentence(s.getText(), Double.isFinite(c) ? c : Double.NaN));
            }
            reports.add(
                    new DemoPage.SeriesReport(
                            seriesKey(rep.getSeriesInstanceUid()),
                            sentences,
                            DemoMetrics.describe(rep.getDrafterModel())
                                    + ", "
                                    + DemoMetrics.describe(rep.getScorerModel())
                                    + ", "
                                    + DemoMetrics.describe(rep.getSegmentationModel())));
        }
        List<Double> latencies = new ArrayList<>();
        for (long l : r.scanLatenciesMs()) {
            latencies.add((double) l);
        }
        return DemoPage.write(dir, summary, scans, reports, latencies, allDice);
    }

    /** "series-" + the first 8 hex digits of the UID's SHA-256. */
    static String seriesKey(String uid) {
        return "series-" + Sha256.hex(uid.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    }
}

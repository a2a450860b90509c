package io.medstream.it;

import org.apache.flink.configuration.Configuration;

import io.medstream.cli.demo.DemoHtml;
import io.medstream.embedded.PipelineRun;
import io.medstream.embedded.ScanFeeds;
import io.medstream.embedded.ScanInput;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.schemas.AnalysisStatus;
import io.medstream.schemas.DeadLetter;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.PreferencePair;
import io.medstream.schemas.ScanEvent;
import io.medstream.schemas.SegmentationResult;
import io.medstream.schemas.SeriesCompletion;
import io.medstream.schemas.StudyReport;
import io.medstream.testing.KafkaBrokerExtension;
import io.medstream.testing.PipelineTestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job with the shipped models against a real broker: 30 phantom slices in 3 series (sent
 * as ScanEvents with box prompts and the series size) plus the sample DICOM files (raw, no prompts:
 * automatic mode, series complete by inactivity). One slice of the second series is corrupt: it
 * must become one dead letter while the rest of its series is still segmented and reported.
 */
class PipelineITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path tmp;

    @Test
    void everySliceGetsAMaskEverySeriesAReportAndTheBadSliceADeadLetter() throws Exception {
        List<ScanInput> inputs = new ArrayList<>(ScanFeeds.phantomEvents(30, 4242L));
        ScanInput bad = inputs.get(13); // series 1, slice 3
        byte[] truncated = Arrays.copyOf(bad.dicom(), bad.dicom().length / 3);
        inputs.set(
                13,
                new ScanInput(
                        bad.name(),
                        truncated,
                        bad.key(),
                        ScanEvent.newBuilder(bad.declared())
                                .setPayload(
                                        new InlinePayload(
                                                ByteBuffer.wrap(truncated), "application/dicom"))
                                .build()));
        List<ScanInput> samples = ScanFeeds.directory(IngestTestBase.samplesDir());
        inputs.addAll(samples);

        PipelineRun.Result r =
                PipelineRun.run(settings(), conf(), inputs, Duration.ofMinutes(10), p -> {});

        // one dead letter: the corrupt slice, from DICOM decoding, with its trace id
        List<DeadLetter> scanLetters = r.deadLetters();
        assertThat(scanLetters).hasSize(1);
        assertThat(scanLetters.get(0).getStage()).isEqualTo("decode-dicom");
        assertThat(scanLetters.get(0).getTraceId()).isEqualTo(bad.declared().getTraceId());

        // a mask record for every other scan, exactly once
        assertThat(r.masks()).hasSize(inputs.size() - 1);
        Set<String> sops =
                r.masks().stream()
                        .map(SegmentationResult::getSopInstanceUid)
                        .collect(Collectors.toSet());
        assertThat(sops).hasSize(inputs.size() - 1);
        for (SegmentationResult m : r.masks()) {
            assertThat(m.getModel().getName()).isEqualTo("samunet-tiny");
            assertThat(m.getModel().getSha256()).hasSize(64);
        }
        // phantoms: one structure per prompt, labelled like the prompt; the masks are not empty
        List<SegmentationResult> phantomMasks =
                r.masks().stream().filter(m -> m.getTraceId().startsWith("phantom-")).toList();
        assertThat(phantomMasks).hasSize(29);
        for (SegmentationResult m : phantomMasks) {
            assertThat(m.getStructures()).isNotEmpty();
            m.getStructures()
                    .forEach(st -> assertThat(st.getLabel()).isEqualTo(st.getPrompt().getLabel()));
            assertThat(m.getStructures().stream().mapToLong(st -> st.getAreaPixels()).sum())
                    .isPositive();
            assertThat(m.getAnalysis()).isEqualTo(AnalysisStatus.ANALYSED);
        }
        // the real sample files (no prompts: automatic mode) are outside SAM-UNet's intended use:
        // a record each that says why, and no masks drawn on them
        List<SegmentationResult> sampleMasks =
                r.masks().stream().filter(m -> !m.getTraceId().startsWith("phantom-")).toList();
        assertThat(sampleMasks).hasSize(samples.size());
        for (SegmentationResult m : sampleMasks) {
            assertThat(m.getAnalysis()).isEqualTo(AnalysisStatus.NOT_ANALYSED);
            assertThat(m.getStructures()).isEmpty();
            assertThat(m.getNotAnalysedReason()).startsWith("Not analysed: ");
        }

        // one report per series that has masks, exactly once, stamped with all three models
        Set<String> seriesWithMasks =
                r.masks().stream()
                        .map(SegmentationResult::getSeriesInstanceUid)
                        .collect(Collectors.toSet());
        assertThat(r.reports()).hasSize(seriesWithMasks.size());
        assertThat(
                        r.reports().stream()
                                .map(StudyReport::getSeriesInstanceUid)
                                .collect(Collectors.toSet()))
                .isEqualTo(seriesWithMasks);
        Set<String> phantomSeries =
                inputs.stream()
                        .filter(x -> x.declared() != null)
                        .map(x -> x.declared().getSeriesInstanceUid())
                        .collect(Collectors.toSet());
        assertThat(r.reports())
                .filteredOn(x -> !phantomSeries.contains(x.getSeriesInstanceUid()))
                .isNotEmpty();
        for (StudyReport rep : r.reports()) {
            if (phantomSeries.contains(rep.getSeriesInstanceUid())) {
                assertThat(rep.getAnalysis()).isEqualTo(AnalysisStatus.ANALYSED);
                assertThat(rep.getSentences()).isNotEmpty();
            } else {
                // real scans are outside the phantom-trained drafter's intended use: a visible
                // NOT_ANALYSED report with the reason, no findings, no pairs
                assertThat(rep.getAnalysis()).isEqualTo(AnalysisStatus.NOT_ANALYSED);
                assertThat(rep.getSentences()).isEmpty();
                assertThat(rep.getFindings()).isEmpty();
                assertThat(rep.getNotAnalysedReason()).startsWith("Not analysed: ");
                assertThat(rep.getText()).isEqualTo(rep.getNotAnalysedReason());
                assertThat(rep.getFhirDiagnosticReport())
                        .contains("\"conclusion\":\"Not analysed: ")
                        .doesNotContain("\"result\"");
                assertThat(
                                r.pairs().stream()
                                        .filter(
                                                pp ->
                                                        pp.getSeriesInstanceUid()
                                                                .equals(
                                                                        rep
                                                                                .getSeriesInstanceUid())))
                        .isEmpty();
            }
            rep.getSentences().forEach(x -> assertThat(x.getConfidence()).isBetween(0.0, 1.0));
            assertThat(rep.getDrafterModel().getSha256()).hasSize(64);
            assertThat(rep.getScorerModel().getSha256()).hasSize(64);
            assertThat(rep.getSegmentationModel().getName()).isEqualTo("samunet-tiny");
            assertThat(rep.getFhirDiagnosticReport()).contains("\"status\":\"preliminary\"");
        }
        // the series with the corrupt slice: the other 9 slices, completed by the inactivity
        // timeout
        String badSeries = bad.declared().getSeriesInstanceUid();
        StudyReport partial =
                r.reports().stream()
                        .filter(x -> x.getSeriesInstanceUid().equals(badSeries))
                        .findFirst()
                        .orElseThrow();
        assertThat(partial.getInstanceCount()).isEqualTo(9);
        assertThat(partial.getCompletion()).isEqualTo(SeriesCompletion.INACTIVITY_TIMEOUT);
        assertThat(
                        r.reports().stream()
                                .filter(
                                        x ->
                                                x.getTraceIds().get(0).startsWith("phantom-")
                                                        && !x.getSeriesInstanceUid()
                                                                .equals(badSeries)))
                .hasSize(2)
                .allSatisfy(
                        x -> {
                            assertThat(x.getInstanceCount()).isEqualTo(10);
                            assertThat(x.getCompletion())
                                    .isEqualTo(SeriesCompletion.EXPECTED_COUNT_REACHED);
                        });
        // the same reports as FHIR, and CSR preference pairs for the drafted slices
        assertThat(r.fhirReports()).isEqualTo(r.reports().size());
        assertThat(r.pairs()).isNotEmpty();
        assertThat(r.pairs().stream().map(PreferencePair::getPairId).collect(Collectors.toSet()))
                .hasSize(r.pairs().size());
        r.pairs()
                .forEach(
                        pp ->
                                assertThat(pp.getChosen().getSentences())
                                        .isNotEqualTo(pp.getRejected().getSentences()));

        // the demo's page from these outputs: one image per mask record, every report, no DICOM UID
        // on it
        Path index =
                DemoHtml.write(
                        tmp.resolve("html"),
                        Map.of("scansIn", "" + inputs.size()),
                        inputs,
                        r,
                        Map.of());
        try (var pngs = Files.list(tmp.resolve("html").resolve("images"))) {
            assertThat(pngs.count()).isEqualTo(r.masks().size());
        }
        String page = Files.readString(index);
        assertThat(page)
                .contains(r.reports().get(0).getSentences().get(0).getText().replace("&", "&amp;"));
        r.masks().forEach(m -> assertThat(page).doesNotContain(m.getSeriesInstanceUid()));
    }

    private MedstreamSettings settings() {
        return MedstreamSettings.fromConfiguration(conf());
    }

    private Configuration conf() {
        if (cached != null) {
            return cached;
        }
        Configuration conf = PipelineTestConfig.create(KAFKA, 2, tmp.resolve("blobs"), "9260-9270");
        cached = conf;
        return conf;
    }

    private Configuration cached;
}

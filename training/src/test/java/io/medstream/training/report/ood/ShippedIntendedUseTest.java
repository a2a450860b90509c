package io.medstream.training.report.ood;

import io.medstream.dicom.DicomFile;
import io.medstream.dicom.DicomLimits;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.common.ShippedModels;
import io.medstream.models.intendeduse.GateDecision;
import io.medstream.models.intendeduse.IntendedUseGate;
import io.medstream.models.report.io.TrainingProgress;
import io.medstream.models.report.serving.ReportModelBundle;
import io.medstream.phantom.PhantomConfig;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.training.report.corpus.StudyImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped drafter's intended use ({@code report/base/intended-use.json}) against what it must
 * tell apart: real DICOM (the sample files, one of them a 16-slice MR series) is not analysed,
 * unseen phantoms (the evaluation seed, never used in the fit) and the demo's phantom series are.
 */
class ShippedIntendedUseTest {
    private static IntendedUseGate gate;

    @BeforeAll
    static void load() throws IOException {
        gate = ReportModelBundle.shippedIntendedUse();
    }

    @Test
    void declaresWhatTheDrafterWasTrainedOn() {
        assertThat(gate.intendedUse()).isEqualTo(IntendedUseFit.REPORT_MODELS);
        assertThat(gate.detector().trainSeed()).isEqualTo(StudyImages.TRAIN_SEED);
        assertThat(gate.detector().validationSeed()).isEqualTo(StudyImages.VALIDATION_SEED);
        assertThat(gate.detector().trainCount()).isEqualTo(IntendedUseFit.TRAIN_COUNT);
    }

    @Test
    void everyRealSampleFileIsNotAnalysed() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(samplesDir())) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        assertThat(files).hasSize(6);
        for (Path f : files) {
            DicomFile dcm = DicomReader.read(Files.readAllBytes(f), DicomLimits.defaults());
            List<ScanImage> series = new ArrayList<>();
            for (int i = 0; i < dcm.image().frames(); i++) {
                series.add(ScanImage.fromDicom(dcm, i));
            }
            GateDecision d = gate.decide(series);
            assertThat(d.analysed()).as(f.getFileName().toString()).isFalse();
            assertThat(d.reason()).startsWith("Not analysed: ").contains("synthetic");
        }
    }

    @Test
    void theRealMrImagesAreFarFromThePhantomsEvenWhereTheirAttributesFit() throws IOException {
        // implicit_little.dcm: MR with a spacing inside the declared range; only the detector
        // can refuse it
        DicomFile dcm =
                DicomReader.read(
                        Files.readAllBytes(samplesDir().resolve("implicit_little.dcm")),
                        DicomLimits.defaults());
        ScanImage mr = ScanImage.fromDicom(dcm, 0);
        assertThat(gate.intendedUse().attributeRefusal(mr)).isEmpty();
        GateDecision d = gate.decide(List.of(mr));
        assertThat(d.outOfDistribution()).isEqualTo(1);
        assertThat(d.medianDistance()).isGreaterThan(2 * d.threshold());
    }

    @Test
    void atLeast99PercentOfUnseenPhantomsAreAnalysed() {
        List<double[]> unseen =
                IntendedUseFit.descriptors(
                        StudyImages.TEST_SEED, 200, "unseen", TrainingProgress.NONE);
        long inside = unseen.stream().filter(gate.detector()::inDistribution).count();
        assertThat(inside).isGreaterThanOrEqualTo(198);
    }

    @Test
    void theDemosPhantomSeriesAreAnalysed() {
        PhantomGenerator demo = new PhantomGenerator();
        for (int series = 0; series < 10; series++) {
            List<ScanImage> slices = new ArrayList<>();
            for (PhantomSlice s : demo.generateSeries(20261128L, series, 10)) {
                slices.add(s.image());
            }
            assertThat(gate.decide(slices).analysed()).as("series " + series).isTrue();
        }
    }

    @Test
    void samUnetAutomaticModeRefusesEveryRealSampleAndAcceptsUnseenPhantoms() throws IOException {
        IntendedUseGate sam = IntendedUseGate.read(ShippedModels.samUnetDir()).orElseThrow();
        assertThat(sam.intendedUse()).isEqualTo(IntendedUseFit.SAM_UNET);
        assertThat(sam.intendedUse().boxPromptsOutside()).isTrue();
        try (Stream<Path> s = Files.list(samplesDir())) {
            for (Path f : s.filter(p -> p.toString().endsWith(".dcm")).toList()) {
                DicomFile dcm = DicomReader.read(Files.readAllBytes(f), DicomLimits.defaults());
                // automatic mode is judged per slice: every frame of every file is refused
                for (int i = 0; i < dcm.image().frames(); i++) {
                    assertThat(sam.decide(List.of(ScanImage.fromDicom(dcm, i))).analysed())
                            .as(f.getFileName() + " frame " + i)
                            .isFalse();
                }
            }
        }
        // SAM-UNet's evaluation seed 7, never used for its training or checkpoint selection
        List<double[]> unseen =
                IntendedUseFit.descriptors(
                        PhantomConfig.defaults(), 7, 200, "unseen", TrainingProgress.NONE);
        assertThat(unseen.stream().filter(sam.detector()::inDistribution).count())
                .isGreaterThanOrEqualTo(198);
    }

    @Test
    void theFitIsDeterministic() {
        IntendedUseGate a = IntendedUseFit.fit(150, 40, 99.5, 0.05, TrainingProgress.NONE);
        IntendedUseGate b = IntendedUseFit.fit(150, 40, 99.5, 0.05, TrainingProgress.NONE);
        assertThat(a).isEqualTo(b);
    }

    private static Path samplesDir() {
        return Path.of(System.getProperty("medstream.samples.dir"));
    }
}

package io.medstream.embedded;

import io.medstream.dicom.DicomLimits;
import io.medstream.dicom.DicomReader;
import io.medstream.dicom.Tag;
import io.medstream.phantom.PhantomDicom;
import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.phantom.PhantomTargets;
import io.medstream.schemas.BoxPrompt;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.ScanEvent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Inputs for the demo and the benchmarks: phantom scans, or the DICOM files of a directory. */
public final class ScanFeeds {
    private ScanFeeds() {}

    /**
     * Slices per phantom series in {@link #phantoms}: several instances per series, as the grouping
     * stage expects.
     */
    public static final int PHANTOM_SERIES_SIZE = 10;

    /**
     * {@code count} phantom slices as DICOM, in series of {@value #PHANTOM_SERIES_SIZE} (the last
     * one may be shorter), keyed by series UID. Deterministic in {@code seed}.
     */
    public static List<ScanInput> phantoms(int count, long seed) {
        PhantomGenerator generator = new PhantomGenerator();
        List<ScanInput> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PhantomSlice slice =
                    generator.generateSeriesSlice(
                            seed, i / PHANTOM_SERIES_SIZE, i % PHANTOM_SERIES_SIZE);
            out.add(
                    new ScanInput(
                            "phantom-" + seed + "-" + i,
                            PhantomDicom.encode(slice),
                            slice.seriesInstanceUid()));
        }
        return out;
    }

    /**
     * As {@link #phantoms}, but each slice is sent as a {@link ScanEvent} with one box prompt per
     * organ and lesion (the tight box of its largest connected component, labelled with the
     * structure's name) and the series' instance count, as a PACS gateway that knows the study
     * would send it. This is what makes Dice measurable.
     */
    public static List<ScanInput> phantomEvents(int count, long seed) {
        PhantomGenerator generator = new PhantomGenerator();
        List<ScanInput> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long series = i / PHANTOM_SERIES_SIZE;
            int inSeries =
                    (int) Math.min(PHANTOM_SERIES_SIZE, count - series * PHANTOM_SERIES_SIZE);
            PhantomSlice slice =
                    generator.generateSeriesSlice(seed, series, i % PHANTOM_SERIES_SIZE);
            byte[] dicom = PhantomDicom.encode(slice);
            List<BoxPrompt> boxes = new ArrayList<>();
            for (PhantomTargets.Target t : PhantomTargets.targets(slice)) {
                int[] b = t.box();
                boxes.add(
                        new BoxPrompt(
                                (float) b[0], (float) b[1], (float) b[2], (float) b[3], t.name()));
            }
            ScanEvent e =
                    ScanEvent.newBuilder()
                            .setTraceId("phantom-" + seed + "-" + i)
                            .setStudyInstanceUid(slice.studyInstanceUid())
                            .setSeriesInstanceUid(slice.seriesInstanceUid())
                            .setSopInstanceUid(slice.sopInstanceUid())
                            .setPatientKey("")
                            .setModality("")
                            .setRows(0)
                            .setColumns(0)
                            .setTransferSyntaxUid("")
                            .setSource("demo-gateway")
                            .setExpectedInstances(inSeries)
                            .setIngestTimeMillis(Instant.EPOCH) // stamped when sent
                            .setBoxes(boxes)
                            .setPayload(
                                    new InlinePayload(ByteBuffer.wrap(dicom), "application/dicom"))
                            .build();
            out.add(
                    new ScanInput(
                            "phantom-" + seed + "-" + i, dicom, slice.seriesInstanceUid(), e));
        }
        return out;
    }

    /**
     * Every file under {@code dir} with the DICM magic at offset 128, sorted by path, keyed by
     * series UID.
     */
    public static List<ScanInput> directory(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files =
                    walk.filter(Files::isRegularFile)
                            .filter(ScanFeeds::hasDicomMagic)
                            .sorted()
                            .toList();
        }
        List<ScanInput> out = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            String key = null;
            try {
                key =
                        DicomReader.read(bytes, DicomLimits.defaults())
                                .dataset()
                                .getString(Tag.SERIES_INSTANCE_UID, null);
            } catch (RuntimeException e) {
                // unreadable files are streamed anyway: the job must dead-letter them
            }
            out.add(new ScanInput(f.getFileName().toString(), bytes, key));
        }
        return out;
    }

    static boolean hasDicomMagic(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132
                    && head[128] == 'D'
                    && head[129] == 'I'
                    && head[130] == 'C'
                    && head[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }
}

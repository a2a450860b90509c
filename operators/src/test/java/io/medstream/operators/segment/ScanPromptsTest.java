package io.medstream.operators.segment;

import io.medstream.models.samunet.inference.SegmentationPrompt;
import io.medstream.schemas.BoxPrompt;
import io.medstream.schemas.InlinePayload;
import io.medstream.schemas.PointPrompt;
import io.medstream.schemas.ScanEvent;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sender's prompts of a scan, checked against a 100 (columns) x 80 (rows) image. */
class ScanPromptsTest {

    static ScanEvent scan(List<BoxPrompt> boxes, List<PointPrompt> points) {
        return ScanEvent.newBuilder()
                .setTraceId("t")
                .setStudyInstanceUid("st")
                .setSeriesInstanceUid("se")
                .setSopInstanceUid("sop")
                .setPatientKey("")
                .setModality("CT")
                .setRows(80)
                .setColumns(100)
                .setTransferSyntaxUid("")
                .setSource("test")
                .setIngestTimeMillis(Instant.EPOCH)
                .setPayload(new InlinePayload(ByteBuffer.allocate(0), "application/dicom"))
                .setBoxes(boxes)
                .setPoints(points)
                .build();
    }

    @Test
    void eachBoxIsOnePromptInOrderAndAllPointsFormOneMore() {
        BoxPrompt liver = new BoxPrompt(10f, 20f, 30f, 40f, "liver");
        BoxPrompt spleen = new BoxPrompt(50f, 5f, 90f, 60f, "spleen");
        List<PointPrompt> points =
                List.of(new PointPrompt(1f, 2f, true), new PointPrompt(99f, 79f, false));
        List<BoxPrompt> boxesOut = new ArrayList<>();

        List<SegmentationPrompt> prompts =
                ScanPrompts.of(scan(List.of(liver, spleen), points), 3, true, boxesOut);

        assertThat(prompts).hasSize(3);
        assertThat(prompts.get(0).box()).containsExactly(10, 20, 30, 40);
        assertThat(prompts.get(1).box()).containsExactly(50, 5, 90, 60);
        assertThat(prompts.get(2).box()).isNull();
        assertThat(prompts.get(2).points())
                .containsExactly(
                        new SegmentationPrompt.Point(1, 2, true),
                        new SegmentationPrompt.Point(99, 79, false));
        // the labels travel with the sender's boxes; the point prompt has none
        assertThat(boxesOut).containsExactly(liver, spleen, null);
    }

    @Test
    void noPromptsMeansNone() {
        List<BoxPrompt> boxesOut = new ArrayList<>();
        assertThat(ScanPrompts.of(scan(List.of(), List.of()), 1, true, boxesOut)).isEmpty();
        assertThat(boxesOut).isEmpty();
    }

    @Test
    void aBoxMayReachPastTheBorderIfItOverlapsTheImage() {
        List<SegmentationPrompt> p =
                ScanPrompts.of(
                        scan(List.of(new BoxPrompt(-5f, -5f, 105f, 85f, null)), List.of()),
                        1,
                        true,
                        new ArrayList<>());
        assertThat(p.get(0).box()).containsExactly(-5, -5, 105, 85);
    }

    @Test
    void emptyOrInvertedBoxesAreInvalid() {
        assertInvalid(new BoxPrompt(30f, 20f, 10f, 40f, "x"), "empty or inverted");
        assertInvalid(new BoxPrompt(10f, 40f, 30f, 20f, "x"), "empty or inverted");
        assertInvalid(new BoxPrompt(10f, 20f, 10f, 40f, "x"), "empty or inverted");
        assertInvalid(new BoxPrompt(Float.NaN, 20f, 10f, 40f, "x"), "empty or inverted");
    }

    @Test
    void boxesOutsideTheImageAreInvalid() {
        assertInvalid(
                new BoxPrompt(100f, 10f, 120f, 20f, "x"),
                "outside the 100x80 image"); // right of it
        assertInvalid(
                new BoxPrompt(10f, 80f, 20f, 90f, "x"), "outside the 100x80 image"); // below it
        assertInvalid(
                new BoxPrompt(-20f, 10f, 0f, 20f, "x"), "outside the 100x80 image"); // left of it
        assertInvalid(
                new BoxPrompt(10f, -9f, 20f, 0f, "x"), "outside the 100x80 image"); // above it
        assertInvalid(new BoxPrompt(10f, 10f, Float.POSITIVE_INFINITY, 20f, "x"), "outside");
    }

    @Test
    void pointsOutsideTheImageAreInvalid() {
        for (PointPrompt p :
                List.of(
                        new PointPrompt(100f, 5f, true),
                        new PointPrompt(5f, 80f, true),
                        new PointPrompt(-0.5f, 5f, true),
                        new PointPrompt(Float.NaN, 5f, true))) {
            assertThatThrownBy(
                            () ->
                                    ScanPrompts.of(
                                            scan(List.of(), List.of(p)),
                                            4,
                                            true,
                                            new ArrayList<>()))
                    .isInstanceOf(ScanPrompts.InvalidPromptException.class)
                    .hasMessageContaining("outside the 100x80 image");
        }
    }

    @Test
    void moreThanTheLimitIsInvalidAndPointsCountAsOnePrompt() {
        List<BoxPrompt> two =
                List.of(new BoxPrompt(1f, 1f, 5f, 5f, "a"), new BoxPrompt(2f, 2f, 6f, 6f, "b"));
        List<PointPrompt> points =
                List.of(new PointPrompt(1f, 1f, true), new PointPrompt(2f, 2f, true));
        assertThat(ScanPrompts.of(scan(two, points), 3, true, new ArrayList<>())).hasSize(3);
        assertThatThrownBy(() -> ScanPrompts.of(scan(two, points), 2, true, new ArrayList<>()))
                .isInstanceOf(ScanPrompts.InvalidPromptException.class)
                .hasMessage("3 prompts exceed the limit of 2 per scan");
    }

    private static void assertInvalid(BoxPrompt box, String message) {
        assertThatThrownBy(
                        () ->
                                ScanPrompts.of(
                                        scan(List.of(box), List.of()), 4, true, new ArrayList<>()))
                .isInstanceOf(ScanPrompts.InvalidPromptException.class)
                .hasMessageContaining(message);
    }
}

package io.medstream.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The pure parts of {@code bench pipeline}: capacity, ratio, pacing schedule, /proc parsing, JSON
 * shape.
 */
class PipelineBenchFiguresTest {

    @Test
    void capacityCountsTheScansAfterTheFirstBatchOverTheSpanToTheLastReport() {
        // 12 scans, batch 4: first mask at t=1000, last report at t=3000 -> 8 scans in 2 s
        long[] masks = {1000, 1000, 1000, 1000, 1500, 1500, 1500, 1500, 2000, 2000, 2000, 2000};
        long[] reports = {2500, 3000};
        assertThat(PipelineBenchFigures.capacityScansPerSec(12, 4, masks, reports))
                .isCloseTo(4.0, within(1e-9));
    }

    @Test
    void capacityIsNaNWithoutASpan() {
        assertThat(
                        PipelineBenchFigures.capacityScansPerSec(
                                4, 4, new long[] {5, 5}, new long[] {9}))
                .isNaN();
        assertThat(PipelineBenchFigures.capacityScansPerSec(10, 4, new long[0], new long[] {9}))
                .isNaN();
        assertThat(PipelineBenchFigures.capacityScansPerSec(10, 4, new long[] {7}, new long[0]))
                .isNaN();
    }

    @Test
    void pacedRateIsTheFractionOfCapacityAndNeedsACapacity() {
        assertThat(PipelineBenchFigures.pacedRate(3.0, 0.5)).isEqualTo(1.5);
        assertThatThrownBy(() -> PipelineBenchFigures.pacedRate(Double.NaN, 0.5))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pacingScheduleIsAbsoluteAndEvenlySpaced() {
        assertThat(PacedFeed.dueNanos(0, 2.0)).isZero();
        assertThat(PacedFeed.dueNanos(1, 2.0)).isEqualTo(500_000_000L);
        assertThat(PacedFeed.dueNanos(10, 2.0)).isEqualTo(5_000_000_000L);
        assertThat(PacedFeed.dueNanos(3, 0.25)).isEqualTo(12_000_000_000L);
        assertThatThrownBy(() -> new PacedFeed(0, n -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vmRssIsReadInKilobytes() {
        assertThat(
                        MemorySampler.vmRssBytes(
                                List.of("Name:\tjava", "VmHWM:\t  9000 kB", "VmRSS:\t  2048 kB")))
                .isEqualTo(2048L * 1024);
        assertThat(MemorySampler.vmRssBytes(List.of("Name:\tjava"))).isEqualTo(-1);
    }

    @Test
    void bareLoopPicksSlicesLikeTheDraftStage() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(i);
        }
        assertThat(BareModelLoop.pick(all, 12)).containsExactlyElementsOf(all);
        assertThat(BareModelLoop.pick(all, 5)).containsExactly(1, 3, 5, 7, 9);
    }

    @Test
    void jsonHasTheIssueFieldsAndMemory() {
        // 40 scans in 20 s: 2 scans/s; model time (8000 + 4000) / 40 = 300 ms per scan
        BareModelLoop.Result bare = new BareModelLoop.Result(40, 4, 4, 20.0, 400, 8000, 4000);
        var mem = new MemorySampler.Peaks(500, 800, 6144, 2000, 1200, 10);
        var f =
                new PipelineBenchFigures.Figures(
                        40, 1, 4, 500, bare, 1.9, 60.0, 0.95, 700, 900, 850, 950, 1200, 1500, 40, 4,
                        0, mem);
        ObjectNode o = f.toJson(new ObjectMapper());
        assertThat(o.get("bareScansPerSec").asDouble()).isEqualTo(2.0);
        assertThat(o.get("pipelineScansPerSec").asDouble()).isEqualTo(1.9);
        assertThat(o.get("ratio").asDouble()).isCloseTo(0.95, within(1e-9));
        assertThat(o.get("ratioMet").asBoolean()).isTrue();
        assertThat(o.get("latencyMsP50").asLong()).isEqualTo(700);
        assertThat(o.get("latencyMsP99").asLong()).isEqualTo(900);
        assertThat(o.get("latencyMsMax").asLong()).isEqualTo(950);
        assertThat(o.get("modelMsPerScan").asDouble()).isEqualTo(300.0);
        assertThat(o.get("latencyTargetMs").asDouble()).isEqualTo(450.0);
        assertThat(o.get("latencyMet").asBoolean()).isFalse();
        assertThat(o.get("taskManagerMemory").get("heapUsedPeakMiB").asLong()).isEqualTo(500);
        assertThat(o.get("taskManagerMemory").get("nativePeakMiB").asLong()).isEqualTo(1200);
        assertThat(o.fieldNames())
                .toIterable()
                .startsWith(
                        "bareScansPerSec",
                        "pipelineScansPerSec",
                        "ratio",
                        "latencyMsP50",
                        "latencyMsP99");
    }
}

package io.medstream.cli.report;

import io.medstream.models.report.io.TrainingProgress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.Locale;

/**
 * A {@link TrainingProgress} that draws one progress bar per phase, showing the phase's loss or
 * metric.
 */
final class ProgressBars implements TrainingProgress, AutoCloseable {
    private ProgressBar bar;
    private String phase;

    @Override
    public synchronized void update(String phase, long done, long total, double value) {
        if (!phase.equals(this.phase)) {
            close();
            this.phase = phase;
            bar =
                    new ProgressBarBuilder()
                            .setTaskName(phase)
                            .setInitialMax(Math.max(total, 1))
                            .setStyle(ProgressBarStyle.ASCII)
                            .setUpdateIntervalMillis(500)
                            .build();
        }
        bar.maxHint(Math.max(total, 1));
        bar.stepTo(done);
        if (!Double.isNaN(value)) {
            bar.setExtraMessage(String.format(Locale.ROOT, "%.4f", value));
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

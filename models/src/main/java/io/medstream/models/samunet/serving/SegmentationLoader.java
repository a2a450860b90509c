package io.medstream.models.samunet.serving;

import ai.djl.Device;
import io.medstream.dicom.image.ScanImage;
import io.medstream.models.lifecycle.ModelLoader;
import io.medstream.models.lifecycle.ModelVersion;
import io.medstream.models.samunet.auto.AutoMaskOptions;
import io.medstream.models.samunet.inference.SegmentationOutput;
import io.medstream.models.samunet.inference.SegmentationPrompt;

import java.util.List;

/**
 * Loads SAM-UNet versions for {@link io.medstream.models.lifecycle.ModelSlot}; the URI is the
 * weight file.
 */
public final class SegmentationLoader implements ModelLoader<SegmentationService> {
    private final Device device;
    private final AutoMaskOptions autoOptions;

    public SegmentationLoader(Device device, AutoMaskOptions autoOptions) {
        this.device = device;
        this.autoOptions = autoOptions;
    }

    @Override
    public SegmentationService load(ModelVersion version) throws Exception {
        return SegmentationService.load(version.localPath(), device, autoOptions);
    }

    /**
     * A 64×64 gradient square with one box: the mask must have the image's size and the logits must
     * be finite.
     */
    @Override
    public void smokeTest(SegmentationService service) {
        int n = 64;
        double[] v = new double[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                v[y * n + x] = (x >= 16 && x < 48 && y >= 16 && y < 48) ? 200.0 : -100.0;
            }
        }
        List<SegmentationOutput> out =
                service.segmentBatch(
                                List.of(
                                        new ScanImage(
                                                v, n, n, "CT", null, false, null, null, null, 0)),
                                List.of(List.of(SegmentationPrompt.box(14, 14, 50, 50))))
                        .get(0);
        SegmentationOutput o = out.get(0);
        if (o.mask().length != n * n
                || !Float.isFinite(o.logitMin())
                || !Float.isFinite(o.logitMax())) {
            throw new IllegalStateException(
                    "smoke inference gave a "
                            + o.mask().length
                            + "-pixel mask with logits ["
                            + o.logitMin()
                            + ", "
                            + o.logitMax()
                            + "]");
        }
    }
}

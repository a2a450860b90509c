package io.medstream.operators.claimcheck;

import io.medstream.dicom.image.DisplayWindow;
import io.medstream.dicom.image.PixelSpacingMm;
import io.medstream.dicom.image.ScanImage;
import io.medstream.schemas.ClaimCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameBlobsTest {

    @TempDir Path tmp;

    private static ScanImage image() {
        // 2 x 3, values a float32 holds exactly (the decoder's output type)
        double[] v = {-1024, -0.5, 0, 1.25, 3071, 65535};
        return new ScanImage(
                v,
                2,
                3,
                "CT",
                new DisplayWindow(40, 400),
                false,
                new PixelSpacingMm(0.7, 0.8),
                "1.2.3.4",
                17,
                2);
    }

    @Test
    void aFrameComesBackValueForValueWithItsAttributesAndTheSameBlobTwice() throws Exception {
        try (BlobStore store = new LocalBlobStore(tmp)) {
            ScanImage in = image();
            ClaimCheck ref = FrameBlobs.put(store, in);
            assertThat(FrameBlobs.put(store, in)).isEqualTo(ref); // content-addressed: replays
            assertThat(ref.getMediaType()).isEqualTo(FrameBlobs.MEDIA_TYPE);
            ScanImage out = FrameBlobs.get(store, ref, 6);
            assertThat(out.values()).containsExactly(in.values());
            assertThat(out.rows()).isEqualTo(2);
            assertThat(out.cols()).isEqualTo(3);
            assertThat(out.modality()).isEqualTo("CT");
            assertThat(out.window()).isEqualTo(new DisplayWindow(40, 400));
            assertThat(out.spacing()).isEqualTo(new PixelSpacingMm(0.7, 0.8));
            assertThat(out.sopInstanceUid()).isEqualTo("1.2.3.4");
            assertThat(out.instanceNumber()).isEqualTo(17);
            assertThat(out.frameIndex()).isEqualTo(2);
            assertThat(out.monochrome1()).isFalse();
        }
    }

    @Test
    void aGreyImageWithoutAttributesKeepsThemAbsent() throws Exception {
        try (BlobStore store = new LocalBlobStore(tmp)) {
            ScanImage out =
                    FrameBlobs.get(
                            store,
                            FrameBlobs.put(store, ScanImage.grey(new double[] {7}, 1, 1)),
                            1);
            assertThat(out.window()).isNull();
            assertThat(out.spacing()).isNull();
            assertThat(out.sopInstanceUid()).isNull();
            assertThat(out.instanceNumber()).isNull();
        }
    }

    @Test
    void aTamperedFrameFailsItsChecksumAndALargerOneThanTheScanIsRefusedBeforeReading()
            throws Exception {
        try (BlobStore store = new LocalBlobStore(tmp)) {
            // a 64 x 64 frame (16 KiB of pixels) where the scan says 1 pixel: refused unread
            ClaimCheck big = FrameBlobs.put(store, ScanImage.grey(new double[64 * 64], 64, 64));
            assertThatThrownBy(() -> FrameBlobs.get(store, big, 1))
                    .isInstanceOf(ClaimCheckException.class)
                    .hasMessageContaining("exceeds the limit");
            ClaimCheck ref = FrameBlobs.put(store, image());
            Path file =
                    Files.walk(tmp)
                            .filter(p -> p.getFileName().toString().equals(ref.getSha256()))
                            .findFirst()
                            .orElseThrow();
            byte[] b = Files.readAllBytes(file);
            b[b.length - 1] ^= 1;
            Files.write(file, b);
            assertThatThrownBy(() -> FrameBlobs.get(store, ref, 6))
                    .isInstanceOf(ClaimCheckException.class);
        }
    }

    @Test
    void aBlobThatIsNoFrameIsAnIoErrorNotACrash() throws Exception {
        try (BlobStore store = new LocalBlobStore(tmp)) {
            ClaimCheck ref = store.put("not a frame".getBytes(), FrameBlobs.MEDIA_TYPE);
            assertThatThrownBy(() -> FrameBlobs.get(store, ref, 100))
                    .isInstanceOf(IOException.class);
        }
    }
}

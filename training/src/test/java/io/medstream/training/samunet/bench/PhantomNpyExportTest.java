package io.medstream.training.samunet.bench;

import io.medstream.phantom.PhantomGenerator;
import io.medstream.phantom.PhantomSlice;
import io.medstream.phantom.PhantomTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The .npy export holds exactly the evaluation's boxes and masks. */
class PhantomNpyExportTest {

    @Test
    void writesImageBoxesAndMasksOfEveryPhantom(@TempDir Path dir) throws Exception {
        assertThat(PhantomNpyExport.export(7, 2, dir)).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            PhantomSlice slice = new PhantomGenerator().generate(7, i);
            List<PhantomTargets.Target> targets = PhantomTargets.targets(slice);
            int t = targets.size();
            assertThat(header(dir.resolve(i + ".image.npy"))).contains("'shape': (1, 3, 256, 256)");
            assertThat(header(dir.resolve(i + ".boxes.npy"))).contains("'shape': (" + t + ", 4)");
            assertThat(header(dir.resolve(i + ".masks.npy")))
                    .contains(
                            "'shape': (" + t + ", " + slice.rows() + ", " + slice.columns() + ")");
            float[] boxes = data(dir.resolve(i + ".boxes.npy"));
            float[] masks = data(dir.resolve(i + ".masks.npy"));
            int plane = slice.rows() * slice.columns();
            for (int j = 0; j < t; j++) {
                int[] b = targets.get(j).box();
                assertThat(
                                new float[] {
                                    boxes[4 * j],
                                    boxes[4 * j + 1],
                                    boxes[4 * j + 2],
                                    boxes[4 * j + 3]
                                })
                        .containsExactly(b[0], b[1], b[2], b[3]);
                int area = 0;
                for (int k = 0; k < plane; k++) {
                    area += masks[j * plane + k] == 1f ? 1 : 0;
                }
                assertThat(area).isEqualTo(targets.get(j).area());
            }
        }
    }

    private static String header(Path p) throws Exception {
        byte[] b = Files.readAllBytes(p);
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        return new String(b, 10, len, StandardCharsets.ISO_8859_1);
    }

    private static float[] data(Path p) throws Exception {
        byte[] b = Files.readAllBytes(p);
        int off = 10 + ((b[8] & 0xff) | (b[9] & 0xff) << 8);
        ByteBuffer buf = ByteBuffer.wrap(b, off, b.length - off).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[(b.length - off) / 4];
        buf.asFloatBuffer().get(f);
        return f;
    }
}

package io.medstream.operators.segment;

import io.medstream.schemas.RleMask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Run-length coding of binary masks as {@link RleMask} defines it: row-major, runs alternating
 * background / foreground, starting with background (a leading 0 when the first pixel is
 * foreground).
 */
public final class RleMasks {
    private RleMasks() {}

    public static RleMask encode(boolean[] mask, int rows, int cols) {
        if (mask.length != rows * cols) {
            throw new IllegalArgumentException(
                    "mask has " + mask.length + " pixels, not " + rows + "x" + cols);
        }
        List<Integer> counts = new ArrayList<>();
        boolean current = false;
        int run = 0;
        for (boolean m : mask) {
            if (m != current) {
                counts.add(run);
                run = 0;
                current = m;
            }
            run++;
        }
        counts.add(run);
        return new RleMask(rows, cols, counts);
    }

    public static boolean[] decode(RleMask rle) {
        boolean[] out = new boolean[rle.getRows() * rle.getColumns()];
        int pos = 0;
        boolean value = false;
        for (int c : rle.getCounts()) {
            if (c < 0 || pos + c > out.length) {
                throw new IllegalArgumentException(
                        "run of " + c + " at " + pos + " exceeds " + out.length + " pixels");
            }
            if (value) {
                Arrays.fill(out, pos, pos + c, true);
            }
            pos += c;
            value = !value;
        }
        if (pos != out.length) {
            throw new IllegalArgumentException(
                    "runs cover " + pos + " of " + out.length + " pixels");
        }
        return out;
    }
}

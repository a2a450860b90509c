package io.medstream.models.samunet.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Window partitioning and decomposed relative-position helpers of SAM's ViT ({@code
 * window_partition}, {@code window_unpartition}, {@code get_rel_pos}, {@code
 * add_decomposed_rel_pos}).
 *
 * <p>Padding tokens are zeros and are <b>not masked</b>: after {@code norm1} the 16×16 grid is
 * padded to 28×28 and the padded tokens take part in attention as keys/values (their qkv is the qkv
 * bias), exactly as the reference does.
 */
public final class WindowOps {

    private WindowOps() {}

    /**
     * Zero-pads {@code [B,H,W,C]} at the bottom/right to {@code [B,Hp,Wp,C]} with Hp, Wp the next
     * multiples of {@code window}.
     */
    public static NDArray padToWindowMultiple(NDArray x, int window) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(1);
        long w = s.get(2);
        long c = s.get(3);
        long padH = (window - h % window) % window;
        long padW = (window - w % window) % window;
        NDArray y = x;
        if (padH > 0) {
            // [B,H,W,C] ++ zeros [B,padH,W,C] along H
            y = y.concat(x.getManager().zeros(new Shape(b, padH, w, c), x.getDataType()), 1);
        }
        if (padW > 0) {
            // [B,Hp,W,C] ++ zeros [B,Hp,padW,C] along W
            y = y.concat(x.getManager().zeros(new Shape(b, h + padH, padW, c), x.getDataType()), 2);
        }
        return y;
    }

    /** {@code [B,Hp,Wp,C]} → windows {@code [B·(Hp/ws)·(Wp/ws), ws, ws, C]}. */
    public static NDArray windowPartition(NDArray x, int ws) {
        Shape s = x.getShape();
        long b = s.get(0);
        long hp = s.get(1);
        long wp = s.get(2);
        long c = s.get(3);
        // [B, Hp/ws, ws, Wp/ws, ws, C] → [B, Hp/ws, Wp/ws, ws, ws, C] → [B·nW, ws, ws, C]
        return x.reshape(b, hp / ws, ws, wp / ws, ws, c)
                .transpose(0, 1, 3, 2, 4, 5)
                .reshape(-1, ws, ws, c);
    }

    /**
     * Windows {@code [B·nW, ws, ws, C]} → {@code [B,H,W,C]}, undoing the partition of a padded
     * {@code [B,Hp,Wp,C]} map and cropping the padding.
     */
    public static NDArray windowUnpartition(
            NDArray windows, int ws, long hp, long wp, long h, long w) {
        long c = windows.getShape().get(3);
        long b = windows.getShape().get(0) / ((hp / ws) * (wp / ws));
        // [B, Hp/ws, Wp/ws, ws, ws, C] → [B, Hp/ws, ws, Wp/ws, ws, C] → [B,Hp,Wp,C]
        NDArray x =
                windows.reshape(b, hp / ws, wp / ws, ws, ws, c)
                        .transpose(0, 1, 3, 2, 4, 5)
                        .reshape(b, hp, wp, c);
        if (hp > h || wp > w) {
            x = x.get(new NDIndex(":, :{}, :{}, :", h, w));
        }
        return x;
    }

    /**
     * Relative-position embeddings for a query/key side of equal length {@code size}: {@code R[i,j]
     * = table[i − j + size − 1]}, shape {@code [size, size, headDim]}.
     *
     * <p>The table must already hold {@code 2·size − 1} rows; resizing (SAM's interpolation branch,
     * needed only when converting an original 1024-input SAM checkpoint) is done at conversion
     * time.
     */
    public static NDArray relPos(NDArray table, int size) {
        long rows = table.getShape().get(0);
        if (rows != 2L * size - 1) {
            throw new IllegalArgumentException(
                    "rel-pos table has "
                            + rows
                            + " rows, expected "
                            + (2 * size - 1)
                            + "; resize it at conversion time");
        }
        // gather as a one-hot matmul: E [size·size, rows] @ table [rows, hd] → [size, size, hd]
        NDManager m = table.getManager();
        float[] onehot = new float[size * size * (int) rows];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                onehot[(i * size + j) * (int) rows + (i - j + size - 1)] = 1f;
            }
        }
        NDArray e =
                m.create(onehot, new Shape((long) size * size, rows))
                        .toType(table.getDataType(), false)
                        .toDevice(table.getDevice(), false);
        return e.matMul(table).reshape(size, size, table.getShape().get(1));
    }

    /**
     * Adds the decomposed relative-position bias (MViTv2) to attention logits.
     *
     * @param attn logits {@code [B', qh·qw, kh·kw]}
     * @param q <b>unscaled</b> queries {@code [B', qh·qw, hd]}
     * @param rh {@code [qh, kh, hd]} from {@link #relPos}
     * @param rw {@code [qw, kw, hd]} from {@link #relPos}
     * @return logits {@code [B', qh·qw, kh·kw]}
     */
    public static NDArray addDecomposedRelPos(
            NDArray attn, NDArray q, NDArray rh, NDArray rw, int qh, int qw, int kh, int kw) {
        long bp = q.getShape().get(0);
        long hd = q.getShape().get(2);
        NDArray rq = q.reshape(bp, qh, qw, hd);
        // rel_h[b,h,w,k] = Σ_c rq[b,h,w,c]·rh[h,k,c]:
        // [qh, B'·qw, hd] @ [qh, hd, kh] → [qh, B'·qw, kh] → [B', qh, qw, kh]
        NDArray relH =
                rq.transpose(1, 0, 2, 3)
                        .reshape(qh, bp * qw, hd)
                        .matMul(rh.transpose(0, 2, 1))
                        .reshape(qh, bp, qw, kh)
                        .transpose(1, 0, 2, 3);
        // rel_w[b,h,w,k] = Σ_c rq[b,h,w,c]·rw[w,k,c]:
        // [qw, B'·qh, hd] @ [qw, hd, kw] → [qw, B'·qh, kw] → [B', qh, qw, kw]
        NDArray relW =
                rq.transpose(2, 0, 1, 3)
                        .reshape(qw, bp * qh, hd)
                        .matMul(rw.transpose(0, 2, 1))
                        .reshape(qw, bp, qh, kw)
                        .transpose(1, 2, 0, 3);
        // [B', qh, qw, kh, kw] + rel_h[..., :, None] + rel_w[..., None, :] → [B', qh·qw, kh·kw]
        return attn.reshape(bp, qh, qw, kh, kw)
                .add(relH.reshape(bp, qh, qw, kh, 1))
                .add(relW.reshape(bp, qh, qw, 1, kw))
                .reshape(bp, (long) qh * qw, (long) kh * kw);
    }
}

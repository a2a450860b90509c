package io.medstream.models.samunet.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * Replacement for PyTorch {@code nn.ConvTranspose2d(Cin, Cout, kernel_size=2, stride=2)}, which DJL
 * 0.36 does not implement on the PyTorch engine ({@code PtNDArrayEx.deconvolution} throws).
 *
 * <p>With kernel 2, stride 2 and no padding the output pixels do not overlap, so {@code
 * out[n,o,2i+a,2j+b] = bias[o] + Σ_c x[n,c,i,j]·W[c,o,a,b]}: a per-pixel linear map followed by
 * depth-to-space. The weight keeps PyTorch's ConvTranspose layout {@code [Cin,Cout,2,2]} so that
 * checkpoints load unchanged.
 *
 * <p>Input {@code [N,Cin,H,W]} → output {@code [N,Cout,2H,2W]}.
 */
public final class UpsampleConv2x2Block extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final Parameter weight;
    private final Parameter bias;

    private UpsampleConv2x2Block(Builder builder) {
        super(VERSION);
        inChannels = builder.inChannels;
        outChannels = builder.outChannels;
        weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .optShape(new Shape(inChannels, outChannels, 2, 2))
                                .optInitializer(new XavierInitializer())
                                .build());
        bias =
                addParameter(
                        Parameter.builder()
                                .setName("bias")
                                .setType(Parameter.Type.BIAS)
                                .optShape(new Shape(outChannels))
                                .optInitializer(Initializer.ZEROS)
                                .build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Functional form. x {@code [N,Cin,H,W]}, w {@code [Cin,Cout,2,2]}, b {@code [Cout]}. */
    public static NDArray upsample(NDArray x, NDArray w, NDArray b) {
        Shape s = x.getShape();
        long n = s.get(0);
        long cin = s.get(1);
        long h = s.get(2);
        long wd = s.get(3);
        long cout = w.getShape().get(1);
        // 1. channels-last: [N,H,W,Cin]
        NDArray xl = x.transpose(0, 2, 3, 1);
        // 2. per-pixel linear map: [N,H,W,Cin] @ [Cin,Cout*4] → [N,H,W,Cout*4] = [N,H,W,Cout,2,2]
        NDArray y = xl.matMul(w.reshape(cin, cout * 4)).reshape(n, h, wd, cout, 2, 2);
        // 3. depth-to-space: [N,Cout,H,2,W,2] → [N,Cout,2H,2W]
        y = y.transpose(0, 3, 1, 4, 2, 5).reshape(n, cout, 2 * h, 2 * wd);
        // 4. bias [Cout] → [1,Cout,1,1]
        return y.add(b.reshape(1, cout, 1, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != inChannels) {
            throw new IllegalArgumentException(
                    "UpsampleConv2x2 expects [N," + inChannels + ",H,W], got " + x.getShape());
        }
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        return new NDList(upsample(x, w, b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, 2 * s.get(2), 2 * s.get(3))};
    }

    /** Builder: {@code setInChannels} and {@code setOutChannels} are required. */
    public static final class Builder {
        private int inChannels = -1;
        private int outChannels = -1;

        public Builder setInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        public Builder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        public UpsampleConv2x2Block build() {
            if (inChannels <= 0 || outChannels <= 0) {
                throw new IllegalArgumentException(
                        "UpsampleConv2x2Block: call setInChannels and setOutChannels (>0)");
            }
            return new UpsampleConv2x2Block(this);
        }
    }
}

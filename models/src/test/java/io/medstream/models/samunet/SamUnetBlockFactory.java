package io.medstream.models.samunet;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * DJL {@link BlockFactory} building a {@link SamUnetBlock} from the {@code variant} argument
 * ({@code vit_b_r34}, {@code vit_b_r50}, {@code tiny}; default {@code vit_b_r34}). Weights are
 * loaded separately ({@link WeightImporter}).
 */
public final class SamUnetBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        Object v = arguments == null ? null : arguments.get("variant");
        SamUnetVariant variant =
                v == null ? SamUnetVariant.VIT_B_R34 : SamUnetVariant.fromName(v.toString());
        return SamUnetBlock.forVariant(variant);
    }
}

package io.medstream.models.samunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Imports a full-size vit_b_r34 safetensors file written by {@code tools/convert_checkpoint.py}.
 * Needs real (or self-test) weights, so it is gated: set {@code MEDSTREAM_SAMUNET_R34_SAFETENSORS}
 * to the file, e.g. after {@code /usr/bin/python3 tools/convert_checkpoint.py --self-test --variant
 * vit_b_r34 /tmp/r34.safetensors}.
 */
class OfficialWeightsImportTest {

    @Test
    void samInitialisationLoadsLeniently() throws Exception {
        String env = System.getenv("MEDSTREAM_SAMUNET_R34_SAM_INIT");
        Assumptions.assumeTrue(
                env != null && Files.isRegularFile(Path.of(env)),
                "set MEDSTREAM_SAMUNET_R34_SAM_INIT to a convert_checkpoint.py --from-sam file");
        try (NDManager m = NDManager.newBaseManager()) {
            SamUnetBlock block = SamUnetTestSupport.initZeros(SamUnetVariant.VIT_B_R34, m);
            WeightImporter.Report report = WeightImporter.importFile(block, Path.of(env), true);
            System.out.printf(
                    "SAM init: loaded %d, missing %d%n", report.loaded(), report.missing().size());
            assertThat(report.loaded()).isPositive();
            assertThat(report.missing()).anyMatch(k -> k.startsWith("resnet."));
            // the frozen ViT is complete in a SAM initialisation
            assertThat(report.missing()).noneMatch(k -> k.startsWith("image_encoder."));
        }
    }

    @Test
    void convertedR34FileLoadsValueForValue() throws Exception {
        String env = System.getenv("MEDSTREAM_SAMUNET_R34_SAFETENSORS");
        Assumptions.assumeTrue(
                env != null && Files.isRegularFile(Path.of(env)),
                "set MEDSTREAM_SAMUNET_R34_SAFETENSORS to a converted vit_b_r34 file");
        try (NDManager m = NDManager.newBaseManager()) {
            SamUnetBlock block = SamUnetTestSupport.initZeros(SamUnetVariant.VIT_B_R34, m);
            WeightImporter.Report report = WeightImporter.importFile(block, Path.of(env));
            assertThat(report.loaded()).isEqualTo(523);
            assertThat(report.skipped()).hasSize(36);

            SamUnetWeightNames names = SamUnetWeightNames.forVariant(SamUnetVariant.VIT_B_R34);
            Map<String, Parameter> params = new HashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                params.put(p.getKey(), p.getValue());
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(env)))) {
                for (NDArray a : NDList.decode(m, in)) {
                    String djl = names.djlName(a.getName());
                    if (djl != null) {
                        assertThat(params.get(djl).getArray().contentEquals(a))
                                .as(a.getName())
                                .isTrue();
                    }
                }
            }
        }
    }
}

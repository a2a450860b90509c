package io.medstream.models.samunet;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official key → DJL path map is complete for both official variants: every key of the
 * reference {@code state_dict} (fixtures {@code sam-unet-keys-vit_b_r34/r50.tsv}) maps to exactly
 * one DJL parameter of the same shape, or is a {@code num_batches_tracked} buffer; no key is
 * unexpected and no DJL parameter is left unmapped.
 */
class SamUnetWeightNamesTest {

    @Test
    void vitBR34MapIsComplete() throws IOException {
        assertComplete(SamUnetVariant.VIT_B_R34, "samunet/sam-unet-keys-vit_b_r34.tsv", 559);
    }

    @Test
    void vitBR50MapIsComplete() throws IOException {
        assertComplete(SamUnetVariant.VIT_B_R50, "samunet/sam-unet-keys-vit_b_r50.tsv", 661);
    }

    private static void assertComplete(SamUnetVariant variant, String tsv, int entries)
            throws IOException {
        Map<String, Shape> official = readKeys(tsv);
        assertThat(official).hasSize(entries);
        SamUnetWeightNames names = SamUnetWeightNames.forVariant(variant);

        // key sets: mapped ∪ untracked == official, disjoint
        Set<String> covered = new HashSet<>(names.officialToDjl().keySet());
        assertThat(covered).doesNotContainAnyElementsOf(names.untrackedKeys());
        covered.addAll(names.untrackedKeys());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(official.keySet());
        assertThat(names.untrackedKeys()).allMatch(k -> k.endsWith(".num_batches_tracked"));

        try (NDManager m = NDManager.newBaseManager()) {
            SamUnetBlock block = SamUnetTestSupport.initZeros(variant, m);
            Map<String, Shape> djl = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                djl.put(p.getKey(), p.getValue().getShape());
            }
            // injective, onto every DJL parameter, shapes equal
            assertThat(new HashSet<>(names.officialToDjl().values()))
                    .hasSize(names.officialToDjl().size())
                    .containsExactlyInAnyOrderElementsOf(djl.keySet());
            for (Map.Entry<String, String> e : names.officialToDjl().entrySet()) {
                assertThat(djl.get(e.getValue()))
                        .as("shape of %s → %s", e.getKey(), e.getValue())
                        .isEqualTo(official.get(e.getKey()));
            }
        }
    }

    /** TSV rows: key, shape as "(a, b, c)" or "()", dtype. */
    static Map<String, Shape> readKeys(String resource) throws IOException {
        Map<String, Shape> keys = new LinkedHashMap<>();
        try (InputStream in =
                        SamUnetWeightNamesTest.class
                                .getClassLoader()
                                .getResourceAsStream(resource);
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t");
                String dims = cols[1].replaceAll("[() ]", "");
                long[] shape =
                        dims.isEmpty()
                                ? new long[0]
                                : Arrays.stream(dims.split(","))
                                        .filter(s -> !s.isEmpty())
                                        .mapToLong(Long::parseLong)
                                        .toArray();
                keys.put(cols[0], new Shape(shape));
            }
        }
        return keys;
    }
}

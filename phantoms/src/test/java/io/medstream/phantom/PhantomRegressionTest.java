package io.medstream.phantom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the generator's output: SHA-256 of the stored pixels (and lesion count) of a few slices,
 * committed in /phantom/golden-v1.json. Guards bit-identical output across JVMs and refactorings.
 * When the generator is changed on purpose, the failure message gives the new hashes; update the
 * file and say so in the commit.
 */
class PhantomRegressionTest {

    @Test
    void storedPixelsMatchThePinnedHashes() throws Exception {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("/phantom/golden-v1.json")) {
            assertThat(in).as("fixture /phantom/golden-v1.json").isNotNull();
            golden = new ObjectMapper().readTree(in);
        }
        PhantomGenerator gen = new PhantomGenerator();
        StringBuilder actualAll = new StringBuilder();
        boolean allMatch = true;
        for (JsonNode c : golden.get("slices")) {
            PhantomSlice s =
                    gen.generateSeriesSlice(
                            c.get("seed").asLong(),
                            c.get("seriesIndex").asLong(),
                            c.get("sliceIndex").asInt());
            String sha = sha256(s.storedPixels());
            actualAll.append(
                    String.format(
                            "{\"seed\": %d, \"seriesIndex\": %d, \"sliceIndex\": %d, \"modality\": \"%s\","
                                    + " \"lesions\": %d, \"sha256\": \"%s\"}%n",
                            s.seed(),
                            s.seriesIndex(),
                            s.sliceIndex(),
                            s.modality(),
                            s.findings().size(),
                            sha));
            allMatch &=
                    sha.equals(c.get("sha256").asText())
                            && s.modality().name().equals(c.get("modality").asText())
                            && s.findings().size() == c.get("lesions").asInt();
        }
        assertThat(allMatch).as("generator output changed; actual:%n%s", actualAll).isTrue();
    }

    static String sha256(short[] pixels) throws Exception {
        ByteBuffer bb = ByteBuffer.allocate(pixels.length * 2);
        for (short p : pixels) {
            bb.putShort(p);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bb.array()));
    }
}

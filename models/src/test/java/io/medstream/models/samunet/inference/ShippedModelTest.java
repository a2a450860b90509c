package io.medstream.models.samunet.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.eval.SamUnetEvaluator;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed tiny model: intact (sha256 of the card), and it segments held-out phantoms. */
class ShippedModelTest {

    @Test
    void shippedModelMatchesItsCardAndSegmentsPhantoms() throws Exception {
        try (SamUnetModel model = SamUnetModel.shipped();
                SamUnetSegmenter seg = new SamUnetSegmenter(model)) {
            SamUnetModelCard card = model.card();
            assertThat(card.variant()).isEqualTo("tiny");
            assertThat(card.mode()).isEqualTo(SamUnetModelCard.MODE_SAM_UNET);
            try (InputStream in = SamUnetModel.class.getResourceAsStream(
                    SamUnetModel.SHIPPED_RESOURCE + card.weights())) {
                assertThat(SamUnetModelCard.sha256(in)).isEqualTo(card.sha256());
            }
            // 4 phantoms of the evaluation seed (disjoint from the training data seed)
            for (Map<String, Object> s : card.stages()) {
                assertThat(((Number) s.get("dataSeed")).longValue()).isNotEqualTo(7L);
            }
            Map<String, Object> r = SamUnetEvaluator.evaluate(seg, 7, 4, null);
            assertThat((Double) r.get("meanDice")).isGreaterThan(0.8);
        }
    }
}

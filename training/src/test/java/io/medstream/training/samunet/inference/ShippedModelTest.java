package io.medstream.training.samunet.inference;

import io.medstream.models.common.ShippedModels;
import io.medstream.models.samunet.SamUnetModelCard;
import io.medstream.models.samunet.inference.SamUnetPredictor;
import io.medstream.training.samunet.eval.SamUnetEvaluator;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed tiny model: intact (sha256 of the card), and it segments held-out phantoms. */
class ShippedModelTest {

    @Test
    void shippedModelMatchesItsCardAndSegmentsPhantoms() throws Exception {
        try (SamUnetPredictor seg = SamUnetPredictor.load(SamUnetPredictor.Options.shipped())) {
            SamUnetModelCard card = seg.card();
            assertThat(card.variant()).isEqualTo("tiny");
            assertThat(card.mode()).isEqualTo(SamUnetModelCard.MODE_SAM_UNET);
            try (InputStream in =
                    SamUnetPredictor.class.getResourceAsStream(
                            ShippedModels.SAM_UNET + "/" + card.weights())) {
                assertThat(SamUnetModelCard.sha256(in)).isEqualTo(card.sha256());
            }
            // 4 phantoms of the evaluation seed (disjoint from the training data seed)
            for (Map<String, Object> s : card.stages()) {
                assertThat(((Number) s.get("dataSeed")).longValue()).isNotEqualTo(7L);
            }
            Map<String, Object> r = SamUnetEvaluator.evaluate(seg, 7, 4, null);
            assertThat(r.get("boxConstraint")).isEqualTo(true);
            assertThat((Double) r.get("meanDice")).isGreaterThan(0.8);
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) r.get("unconstrained");
            assertThat(raw.get("targets")).isEqualTo(r.get("targets"));
            assertThat((Double) raw.get("meanDice")).isGreaterThan(0.8);
            // the same run, headline without the constraint: the two variants swap places
            Map<String, Object> off =
                    SamUnetEvaluator.evaluate(
                            seg, 7, 4, false, SamUnetEvaluator.BoxPrompts.TIGHT, null);
            assertThat(off.get("meanDice")).isEqualTo(raw.get("meanDice"));
            @SuppressWarnings("unchecked")
            Map<String, Object> on = (Map<String, Object>) off.get("boxConstrained");
            assertThat(on.get("meanDice")).isEqualTo(r.get("meanDice"));
        }
    }
}

package io.medstream.models.report.csr;

import io.medstream.models.common.Sha256;
import io.medstream.schemas.ClaimCheck;
import io.medstream.schemas.ModelRef;
import io.medstream.schemas.PreferencePair;
import io.medstream.schemas.ScoredReport;
import io.medstream.schemas.SearchSettings;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link PreferencePair} Avro records from a selection, and reads/writes them as an Avro
 * container file.
 */
public final class PreferencePairs {

    /**
     * Prompt of the report drafter (one instruction; the drafter has no prompt input beyond the
     * image).
     */
    public static final String PROMPT = "Describe the findings of this slice.";

    private PreferencePairs() {}

    /**
     * Claim check of a model input: {@code uri} and the sha256 of the floats as big-endian IEEE 754
     * bytes, so the consumer can verify it re-created exactly the input the reports were drafted
     * from.
     */
    public static ClaimCheck imageRef(String uri, float[] input) {
        ByteBuffer b = ByteBuffer.allocate(input.length * 4);
        b.asFloatBuffer().put(input);
        String sha = Sha256.hex(b.array());
        return new ClaimCheck(
                uri, sha, (long) b.capacity(), "application/x-medstream-report-input-f32");
    }

    public static ScoredReport scored(CalibratedReward.ScoredPath p) {
        return ScoredReport.newBuilder()
                .setSentences(new ArrayList<>(p.sentences()))
                .setReward(p.reward())
                .setRImage(p.meanRImage())
                .setRText(p.meanRText())
                .setLogProb(p.logProbSum())
                .build();
    }

    /**
     * @param imageRef image claim check (URI + sha256); for phantoms
     *     "phantom://&lt;seed&gt;/&lt;index&gt;"
     */
    public static PreferencePair of(
            String pairId,
            String studyUid,
            String seriesUid,
            String sopUid,
            ClaimCheck imageRef,
            PairSelector.Selection sel,
            SearchSettings settings,
            ModelRef drafter,
            ModelRef scorer,
            int iteration,
            Instant created) {
        if (!sel.kept()) {
            throw new IllegalArgumentException("dropped selection: " + sel.dropReason());
        }
        return PreferencePair.newBuilder()
                .setPairId(pairId)
                .setStudyInstanceUid(studyUid)
                .setSeriesInstanceUid(seriesUid)
                .setSopInstanceUid(sopUid)
                .setImageRef(imageRef)
                .setPrompt(PROMPT)
                .setChosen(scored(sel.chosen()))
                .setRejected(scored(sel.rejected()))
                .setSearch(settings)
                .setDrafterModel(drafter)
                .setScorerModel(scorer)
                .setIteration(iteration)
                .setCreatedTimeMillis(created)
                .build();
    }

    public static void write(List<PreferencePair> pairs, File file) throws IOException {
        try (DataFileWriter<PreferencePair> w =
                new DataFileWriter<>(new SpecificDatumWriter<>(PreferencePair.class))) {
            w.create(PreferencePair.getClassSchema(), file);
            for (PreferencePair p : pairs) {
                w.append(p);
            }
        }
    }

    public static List<PreferencePair> read(File file) throws IOException {
        List<PreferencePair> out = new ArrayList<>();
        try (DataFileReader<PreferencePair> r =
                new DataFileReader<>(file, new SpecificDatumReader<>(PreferencePair.class))) {
            while (r.hasNext()) {
                out.add(r.next());
            }
        }
        return out;
    }
}

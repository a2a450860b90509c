package io.medstream.models.report;

import io.medstream.models.report.tokenizer.ReportTokenizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenizerTest {

    @Test
    void keepsNumbersAndAbbreviationsIntactAndRoundTrips() throws Exception {
        String text =
                "Liver: hypodense focal lesion, approx. 12.5 mm. No focal lesion in the spleen, e.g. here.";
        assertEquals(
                List.of(
                        "Liver",
                        ":",
                        "hypodense",
                        "focal",
                        "lesion",
                        ",",
                        "approx.",
                        "12.5",
                        "mm",
                        ".",
                        "No",
                        "focal",
                        "lesion",
                        "in",
                        "the",
                        "spleen",
                        ",",
                        "e.g.",
                        "here",
                        "."),
                ReportTokenizer.pretokenize(text));
        ReportTokenizer tok = ReportTokenizer.build(List.of(text));
        int[] ids = tok.encode(text);
        assertEquals(text, tok.decode(ids));
        // exactly two sentence-end tokens: the decimal and the abbreviations do not produce one
        assertEquals(2, Arrays.stream(ids).filter(i -> i == tok.periodId()).count());
        assertEquals(ReportTokenizer.UNK_ID, tok.encode("13.5")[0]);
        Path f = Files.createTempFile("vocab", ".json");
        tok.save(f);
        ReportTokenizer back = ReportTokenizer.load(f);
        assertEquals(tok.vocab(), back.vocab());
        assertArrayEquals(ids, back.encode(text));
        Files.delete(f);
    }

    @Test
    void vocabularyIsDeterministicAndSpecialTokensFirst() {
        List<String> texts = List.of("CT of the abdomen.", "No focal lesion is identified.");
        ReportTokenizer a = ReportTokenizer.build(texts);
        ReportTokenizer b = ReportTokenizer.build(List.of(texts.get(1), texts.get(0)));
        assertEquals(a.vocab(), b.vocab());
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>"), a.vocab().subList(0, 4));
    }
}

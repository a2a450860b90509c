package io.medstream.models.report.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medstream.models.report.corpus.SentenceSplitter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level tokenizer built from the report corpus.
 *
 * <p>Pre-tokenisation keeps numbers with decimals intact ("12.5" is one token) and keeps listed
 * abbreviations with their period ("approx." is one token), so the bare "." token means exactly
 * "end of sentence". That makes the search's sentence delimiter a single token id ({@link
 * #periodId()}) that can never split a decimal or an abbreviation (CSR spec §6 quirk 8, §10). Case
 * is kept ("There" and "there" are different tokens).
 *
 * <p>Ids: 0 &lt;pad&gt;, 1 &lt;bos&gt;, 2 &lt;eos&gt;, 3 &lt;unk&gt;, then the corpus tokens in
 * sorted order (deterministic).
 */
public final class ReportTokenizer {

    public static final String PAD = "<pad>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final String UNK = "<unk>";
    public static final int PAD_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    public static final int UNK_ID = 3;

    private static final Pattern PIECE =
            Pattern.compile("\\d+(?:\\.\\d+)?|[A-Za-z]+(?:\\.[A-Za-z]+)*\\.?|[^\\sA-Za-z\\d]");

    private final List<String> vocab;
    private final Map<String, Integer> ids;
    private final int periodId;

    public ReportTokenizer(List<String> vocab) {
        if (vocab.size() < 4
                || !vocab.get(0).equals(PAD)
                || !vocab.get(1).equals(BOS)
                || !vocab.get(2).equals(EOS)
                || !vocab.get(3).equals(UNK)) {
            throw new IllegalArgumentException("vocab must start with <pad>, <bos>, <eos>, <unk>");
        }
        this.vocab = List.copyOf(vocab);
        this.ids = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            if (ids.put(vocab.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token " + vocab.get(i));
            }
        }
        Integer p = ids.get(".");
        if (p == null) {
            throw new IllegalArgumentException("vocab has no '.' token");
        }
        this.periodId = p;
    }

    /** Builds the vocabulary from corpus texts: every piece that occurs, sorted. */
    public static ReportTokenizer build(Iterable<String> texts) {
        Set<String> pieces = new TreeSet<>();
        pieces.add(".");
        for (String t : texts) {
            pieces.addAll(pretokenize(t));
        }
        List<String> v = new ArrayList<>(List.of(PAD, BOS, EOS, UNK));
        v.addAll(pieces);
        return new ReportTokenizer(v);
    }

    /**
     * Splits text into pieces. A word followed by a period becomes one piece only when it is a
     * listed abbreviation; otherwise the period is its own piece. Dotted abbreviations ("e.g.")
     * stay whole.
     */
    public static List<String> pretokenize(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PIECE.matcher(text);
        while (m.find()) {
            String p = m.group();
            if (Character.isLetter(p.charAt(0))
                    && p.endsWith(".")
                    && !SentenceSplitter.ABBREVIATIONS.contains(p.toLowerCase(Locale.ROOT))) {
                out.add(p.substring(0, p.length() - 1));
                out.add(".");
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** Token ids of the text, without BOS/EOS. */
    public int[] encode(String text) {
        List<String> p = pretokenize(text);
        int[] out = new int[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.getOrDefault(p.get(i), UNK_ID);
        }
        return out;
    }

    /** Text of the ids; special tokens are dropped, no space before punctuation. */
    public String decode(int[] tokenIds) {
        StringBuilder sb = new StringBuilder();
        for (int id : tokenIds) {
            if (id == PAD_ID || id == BOS_ID || id == EOS_ID) {
                continue;
            }
            String t = vocab.get(id);
            boolean punct = t.length() == 1 && ".,:;!?".indexOf(t.charAt(0)) >= 0;
            if (sb.length() > 0 && !punct) {
                sb.append(' ');
            }
            sb.append(t);
        }
        return sb.toString();
    }

    public int size() {
        return vocab.size();
    }

    public String token(int id) {
        return vocab.get(id);
    }

    /** The sentence-end token. */
    public int periodId() {
        return periodId;
    }

    public List<String> vocab() {
        return vocab;
    }

    public void save(Path file) throws IOException {
        Files.writeString(
                file,
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(vocab));
    }

    public static ReportTokenizer load(Path file) throws IOException {
        String[] v = new ObjectMapper().readValue(Files.readString(file), String[].class);
        return new ReportTokenizer(new ArrayList<>(new LinkedHashSet<>(List.of(v))));
    }
}

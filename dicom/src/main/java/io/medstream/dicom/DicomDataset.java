package io.medstream.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A mutable set of data elements ordered by tag (unsigned), used both for parsed files and as a
 * builder for files to write.
 *
 * <p>Typed getters accept the binary VRs (US, SS, UL, SL, FL, FD) and the numeric strings (IS, DS);
 * an implicit VR element whose tag is not in the dictionary (UN) is read as a 2- or 4-byte integer
 * when that is its length and as a numeric string otherwise. A value that cannot be parsed raises
 * {@link DicomException} with {@link DicomException.Reason#MALFORMED} naming the tag only.
 *
 * <p>Text is decoded as UTF-8 when Specific Character Set is ISO_IR 192, otherwise as ISO-8859-1.
 * Writers pad values to even length; getters strip trailing padding (spaces and NULs) and leading
 * spaces.
 *
 * <p>Not thread-safe: confine a dataset to one thread while it is being modified.
 */
public final class DicomDataset {

    private final TreeMap<Integer, DicomElement> elements = new TreeMap<>(Integer::compareUnsigned);

    public DicomDataset put(DicomElement element) {
        elements.put(element.tag(), element);
        return this;
    }

    public Optional<DicomElement> get(int tag) {
        return Optional.ofNullable(elements.get(tag));
    }

    /** The element or {@code null}. */
    public DicomElement element(int tag) {
        return elements.get(tag);
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    public DicomElement remove(int tag) {
        return elements.remove(tag);
    }

    /** The elements in ascending (unsigned) tag order; a live read-only view. */
    public Collection<DicomElement> elements() {
        return Collections.unmodifiableCollection(elements.values());
    }

    public int size() {
        return elements.size();
    }

    /**
     * Puts text values joined by backslash, for any text VR (AE, AS, CS, DA, DS, DT, IS, LO, ...,
     * UT).
     */
    public DicomDataset putString(int tag, VR vr, String... values) {
        requireText(tag, vr);
        String joined = String.join("\\", values);
        return put(DicomElement.of(tag, vr, joined.getBytes(charset())));
    }

    /** Puts integers as US, SS, UL, SL (binary, little endian) or IS (text). */
    public DicomDataset putInt(int tag, VR vr, int... values) {
        switch (vr) {
            case US, SS -> {
                ByteBuffer b = le(values.length * 2);
                for (int v : values) {
                    b.putShort((short) v);
                }
                return put(DicomElement.of(tag, vr, b.array()));
            }
            case UL, SL -> {
                ByteBuffer b = le(values.length * 4);
                for (int v : values) {
                    b.putInt(v);
                }
                return put(DicomElement.of(tag, vr, b.array()));
            }
            case IS -> {
                String[] s = new String[values.length];
                for (int i = 0; i < values.length; i++) {
                    s[i] = Integer.toString(values[i]);
                }
                return putString(tag, vr, s);
            }
            default -> throw new IllegalArgumentException("putInt does not support VR " + vr);
        }
    }

    /** Puts decimals as FL, FD (binary, little endian) or DS (text, at most 16 characters each). */
    public DicomDataset putDouble(int tag, VR vr, double... values) {
        switch (vr) {
            case FL -> {
                ByteBuffer b = le(values.length * 4);
                for (double v : values) {
                    b.putFloat((float) v);
                }
                return put(DicomElement.of(tag, vr, b.array()));
            }
            case FD -> {
                ByteBuffer b = le(values.length * 8);
                for (double v : values) {
                    b.putDouble(v);
                }
                return put(DicomElement.of(tag, vr, b.array()));
            }
            case DS -> {
                String[] s = new String[values.length];
                for (int i = 0; i < values.length; i++) {
                    s[i] = formatDs(values[i]);
                }
                return putString(tag, vr, s);
            }
            default -> throw new IllegalArgumentException("putDouble does not support VR " + vr);
        }
    }

    /** Puts raw little endian bytes (OB, OW, OF, OD, OL, OV, UN, ...); the array is not copied. */
    public DicomDataset putBytes(int tag, VR vr, byte[] value) {
        if (vr == VR.SQ) {
            throw new IllegalArgumentException("use putSequence for SQ");
        }
        return put(DicomElement.of(tag, vr, value));
    }

    /** Puts 16-bit words as OW (little endian). */
    public DicomDataset putShorts(int tag, short[] words) {
        ByteBuffer b = le(words.length * 2);
        b.asShortBuffer().put(words);
        return put(DicomElement.of(tag, VR.OW, b.array()));
    }

    /** Puts a sequence with the given items (possibly none). */
    public DicomDataset putSequence(int tag, DicomDataset... items) {
        return put(DicomElement.ofSequence(tag, List.of(items)));
    }

    /**
     * Appends a new empty item to the sequence {@code tag} (created if absent) and returns it for
     * filling.
     */
    public DicomDataset addItem(int tag) {
        DicomElement e = elements.get(tag);
        if (e == null || !e.isSequence()) {
            e = DicomElement.ofSequence(tag, List.of());
            put(e);
        }
        DicomDataset item = new DicomDataset();
        e.items().add(item);
        return item;
    }

    /** Puts encapsulated pixel data with an empty basic offset table; the arrays are not copied. */
    public DicomDataset putFragments(int tag, List<byte[]> fragments) {
        List<ByteBuffer> list = new ArrayList<>(fragments.size());
        for (byte[] f : fragments) {
            list.add(ByteBuffer.wrap(f));
        }
        return put(DicomElement.ofFragments(tag, VR.OB, ByteBuffer.allocate(0), list));
    }

    /** The text value (all values, backslashes kept), padding trimmed. */
    public Optional<String> findString(int tag) {
        DicomElement e = elements.get(tag);
        if (e == null || e.isSequence() || e.isEncapsulated()) {
            return Optional.empty();
        }
        return Optional.of(trim(decode(e)));
    }

    public String getString(int tag, String defaultValue) {
        return findString(tag).orElse(defaultValue);
    }

    /** The backslash-separated values, each trimmed; empty when absent or empty. */
    public String[] getStrings(int tag) {
        Optional<String> s = findString(tag);
        if (s.isEmpty() || s.get().isEmpty()) {
            return new String[0];
        }
        String[] parts = s.get().split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = trim(parts[i]);
        }
        return parts;
    }

    /** The first value as an int, empty when absent or empty. */
    public Optional<Integer> findInt(int tag) {
        DicomElement e = elements.get(tag);
        if (e == null || e.isSequence() || e.isEncapsulated() || e.length() == 0) {
            return Optional.empty();
        }
        ByteBuffer b = e.rawValue();
        switch (e.vr()) {
            case US:
                return b.remaining() >= 2 ? Optional.of(b.getShort(0) & 0xFFFF) : malformed(tag);
            case SS:
                return b.remaining() >= 2 ? Optional.of((int) b.getShort(0)) : malformed(tag);
            case UL:
            case SL:
                return b.remaining() >= 4 ? Optional.of(b.getInt(0)) : malformed(tag);
            case FL:
            case FD:
                double[] d = getDoubles(tag); // empty when the value is shorter than one float
                return d.length > 0 && Double.isFinite(d[0])
                        ? Optional.of((int) d[0])
                        : malformed(tag);
            case UN:
                if (b.remaining() == 2) {
                    return Optional.of(b.getShort(0) & 0xFFFF);
                }
                if (b.remaining() == 4 && !looksNumericText(b)) {
                    return Optional.of(b.getInt(0));
                }
            // fall through: numeric text
            default:
                String[] s = getStrings(tag);
                if (s.length == 0 || s[0].isEmpty()) {
                    return Optional.empty();
                }
                try {
                    String v = s[0];
                    if (v.indexOf('.') >= 0 || v.indexOf('e') >= 0 || v.indexOf('E') >= 0) {
                        return Optional.of((int) Double.parseDouble(v));
                    }
                    return Optional.of(Integer.parseInt(v.startsWith("+") ? v.substring(1) : v));
                } catch (NumberFormatException ex) {
                    return malformed(tag);
                }
        }
    }

    public int getInt(int tag, int defaultValue) {
        return findInt(tag).orElse(defaultValue);
    }

    /** All values as doubles (binary or DS/IS text); empty when absent. */
    public double[] getDoubles(int tag) {
        DicomElement e = elements.get(tag);
        if (e == null || e.isSequence() || e.isEncapsulated() || e.length() == 0) {
            return new double[0];
        }
        ByteBuffer b = e.rawValue();
        int n;
        double[] out;
        switch (e.vr()) {
            case US, SS, UL, SL -> {
                int unit = e.vr().unitSize();
                n = b.remaining() / unit;
                out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] =
                            switch (e.vr()) {
                                case US -> b.getShort(i * 2) & 0xFFFF;
                                case SS -> b.getShort(i * 2);
                                case UL -> b.getInt(i * 4) & 0xFFFFFFFFL;
                                default -> b.getInt(i * 4);
                            };
                }
                return out;
            }
            case FL, OF -> {
                n = b.remaining() / 4;
                out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = b.getFloat(i * 4);
                }
                return out;
            }
            case FD, OD -> {
                n = b.remaining() / 8;
                out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = b.getDouble(i * 8);
                }
                return out;
            }
            default -> {
                String[] s = getStrings(tag);
                out = new double[s.length];
                try {
                    for (int i = 0; i < s.length; i++) {
                        out[i] = Double.parseDouble(s[i]);
                    }
                } catch (NumberFormatException ex) {
                    throw new DicomException(
                            DicomException.Reason.MALFORMED,
                            "attribute " + Tag.toString(tag) + " is not a valid number");
                }
                return out;
            }
        }
    }

    public Optional<Double> findDouble(int tag) {
        double[] d = getDoubles(tag);
        return d.length == 0 ? Optional.empty() : Optional.of(d[0]);
    }

    public double getDouble(int tag, double defaultValue) {
        return findDouble(tag).orElse(defaultValue);
    }

    /** Items of the sequence {@code tag}; empty when absent or not a sequence. */
    public List<DicomDataset> getSequence(int tag) {
        DicomElement e = elements.get(tag);
        return e == null ? List.of() : e.items();
    }

    /** A copy of the value bytes in their stored order, empty when absent. */
    public byte[] getBytes(int tag) {
        DicomElement e = elements.get(tag);
        return e == null ? new byte[0] : e.bytes();
    }

    Charset charset() {
        DicomElement cs = elements.get(Tag.SPECIFIC_CHARACTER_SET);
        if (cs != null && !cs.isSequence()) {
            String v = new String(cs.bytes(), StandardCharsets.ISO_8859_1);
            if (v.contains("ISO_IR 192")) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.ISO_8859_1;
    }

    private String decode(DicomElement e) {
        ByteBuffer b = e.rawValue();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, e.vr() == VR.UI ? StandardCharsets.US_ASCII : charset());
    }

    private static String trim(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        int start = 0;
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        return s.substring(start, end);
    }

    private static boolean looksNumericText(ByteBuffer b) {
        for (int i = 0; i < b.remaining(); i++) {
            byte c = b.get(i);
            if (!((c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static <T> T malformed(int tag) {
        throw new DicomException(
                DicomException.Reason.MALFORMED,
                "attribute " + Tag.toString(tag) + " has an invalid value length or format");
    }

    private static void requireText(int tag, VR vr) {
        if (!vr.isText()) {
            throw new IllegalArgumentException(
                    "VR " + vr + " of " + Tag.toString(tag) + " is not a text VR");
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static String formatDs(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        if (s.length() <= 16) {
            return s;
        }
        for (int digits = 14; digits > 0; digits--) {
            s =
                    String.format(Locale.ROOT, "%." + digits + "g", v)
                            .replaceFirst("0+(?=e|$)", "")
                            .replaceFirst("\\.(?=e|$)", "");
            if (s.length() <= 16) {
                return s;
            }
        }
        return s;
    }

    @Override
    public String toString() {
        return "DicomDataset[" + elements.size() + " elements]";
    }
}

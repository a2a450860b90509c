package io.medstream.dicom;

import io.medstream.dicom.DicomException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads DICOM Part 10 files (128-byte preamble, "DICM", explicit VR little endian group 0002, then
 * the dataset in the transfer syntax it names) and raw datasets without preamble/meta (explicit or
 * implicit VR little endian, detected from the first element).
 *
 * <p>Supports implicit/explicit VR, little/big endian, deflated datasets, sequences and items of
 * defined and undefined length and encapsulated pixel data. Values are views of the input array,
 * which must therefore not be modified afterwards. Every malformed input raises {@link
 * DicomException}; no other exception escapes. Instances are stateless; all methods are
 * thread-safe.
 */
public final class DicomReader {

    private static final int UNDEFINED = -1;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQ_END = 0xFFFEE0DD;

    private DicomReader() {}

    public static DicomFile read(byte[] bytes) {
        return read(bytes, DicomLimits.DEFAULT);
    }

    public static DicomFile read(Path path) {
        return read(path, DicomLimits.DEFAULT);
    }

    public static DicomFile read(Path path, DicomLimits limits) {
        try {
            long size = Files.size(path);
            if (size > limits.maxFileBytes()) {
                throw DicomLimits.exceeded("maxFileBytes (file size)", size, limits.maxFileBytes());
            }
            return read(Files.readAllBytes(path), limits);
        } catch (IOException e) {
            throw new DicomException(
                    Reason.IO, "cannot read file: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Reads the whole stream (at most {@code maxFileBytes}); the stream is not closed. */
    public static DicomFile read(InputStream in, DicomLimits limits) {
        try {
            int cap = (int) Math.min(limits.maxFileBytes() + 1, Integer.MAX_VALUE - 16);
            byte[] bytes = in.readNBytes(cap);
            if (bytes.length > limits.maxFileBytes()) {
                throw DicomLimits.exceeded(
                        "maxFileBytes (stream size)", bytes.length, limits.maxFileBytes());
            }
            return read(bytes, limits);
        } catch (IOException e) {
            throw new DicomException(
                    Reason.IO, "cannot read stream: " + e.getClass().getSimpleName(), e);
        }
    }

    public static DicomFile read(byte[] bytes, DicomLimits limits) {
        if (bytes.length > limits.maxFileBytes()) {
            throw DicomLimits.exceeded("maxFileBytes", bytes.length, limits.maxFileBytes());
        }
        try {
            return doRead(bytes, limits);
        } catch (DicomException e) {
            throw e;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new DicomException(Reason.TRUNCATED, "input ends inside a data element", e);
        } catch (RuntimeException e) {
            throw new DicomException(
                    Reason.MALFORMED,
                    "unexpected parse failure: " + e.getClass().getSimpleName(),
                    e);
        }
    }

    private static DicomFile doRead(byte[] bytes, DicomLimits limits) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length >= 132
                && bytes[128] == 'D'
                && bytes[129] == 'I'
                && bytes[130] == 'C'
                && bytes[131] == 'M') {
            buf.position(132);
            return readPart10(buf, limits);
        }
        if (bytes.length >= 4
                && bytes[0] == 'D'
                && bytes[1] == 'I'
                && bytes[2] == 'C'
                && bytes[3] == 'M') {
            buf.position(4);
            return readPart10(buf, limits);
        }
        return readRaw(buf, limits);
    }

    private static DicomFile readPart10(ByteBuffer buf, DicomLimits limits) {
        DicomDataset meta = new DicomDataset();
        Parser metaParser = new Parser(buf, true, limits);
        while (buf.remaining() >= 8 && (buf.getShort(buf.position()) & 0xFFFF) == 0x0002) {
            metaParser.readElement(meta, 0);
        }
        String tsUid =
                meta.findString(Tag.TRANSFER_SYNTAX_UID)
                        .orElseThrow(
                                () ->
                                        new DicomException(
                                                Reason.MISSING_ATTRIBUTE,
                                                "file meta information has no "
                                                        + Tag.toString(Tag.TRANSFER_SYNTAX_UID)));
        TransferSyntax ts = TransferSyntax.forUid(tsUid);
        ByteBuffer data =
                buf.slice().order(ts.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (ts.deflated()) {
            data = ByteBuffer.wrap(inflate(data, limits)).order(ByteOrder.LITTLE_ENDIAN);
        }
        List<String> warnings = new ArrayList<>();
        boolean explicit = datasetIsExplicit(data, ts, warnings);
        DicomDataset dataset = new DicomDataset();
        new Parser(data, explicit, limits).readDataset(dataset, data.limit(), 0);
        return new DicomFile(meta, dataset, ts, limits, warnings);
    }

    /**
     * Whether the dataset is in explicit VR, judged by its first element when it contradicts the
     * transfer syntax. Some writers put an implicit-VR dataset under an explicit transfer syntax
     * (or the reverse); pydicom and dcmtk read such files the way the bytes are written, with a
     * warning, and so does this reader: the first element's bytes 4–5 are either a VR (explicit) or
     * the low half of a 32-bit length that must fit in what is left (implicit).
     */
    private static boolean datasetIsExplicit(
            ByteBuffer data, TransferSyntax ts, List<String> warnings) {
        if (data.remaining() < 8) {
            return ts.explicitVr();
        }
        int p = data.position();
        boolean vrBytes =
                VR.ofCode(((data.get(p + 4) & 0xFF) << 8) | (data.get(p + 5) & 0xFF)) != null;
        long implicitLength =
                data.order() == ByteOrder.LITTLE_ENDIAN ? data.getInt(p + 4) & 0xFFFFFFFFL : -1;
        boolean implicitFits =
                implicitLength >= 0
                        && (implicitLength == 0xFFFFFFFFL
                                || implicitLength <= data.remaining() - 8);
        if (ts.explicitVr() && !vrBytes && implicitFits) {
            warnings.add(
                    "the dataset is in implicit VR although transfer syntax "
                            + ts.uid()
                            + " says explicit VR; read as implicit VR");
            return false;
        }
        if (!ts.explicitVr() && vrBytes && !implicitFits) {
            warnings.add(
                    "the dataset is in explicit VR although transfer syntax "
                            + ts.uid()
                            + " says implicit VR; read as explicit VR");
            return true;
        }
        return ts.explicitVr();
    }

    private static DicomFile readRaw(ByteBuffer buf, DicomLimits limits) {
        if (buf.remaining() < 8) {
            throw new DicomException(
                    Reason.NOT_DICOM,
                    "input of "
                            + buf.remaining()
                            + " bytes has no DICM magic and is too short to be a dataset");
        }
        int group = buf.getShort(0) & 0xFFFF;
        int vrCode = ((buf.get(4) & 0xFF) << 8) | (buf.get(5) & 0xFF);
        boolean explicit = VR.ofCode(vrCode) != null;
        long len = explicit ? -1 : buf.getInt(4) & 0xFFFFFFFFL;
        boolean plausible =
                group >= 0x0002
                        && group <= 0x0010
                        && (group & 1) == 0
                        && (explicit || len <= buf.remaining() - 8);
        if (!plausible) {
            throw new DicomException(
                    Reason.NOT_DICOM,
                    "no DICM magic at offset 128 and the input does not start like a dataset");
        }
        DicomDataset all = new DicomDataset();
        new Parser(buf, explicit, limits).readDataset(all, buf.limit(), 0);
        DicomDataset meta = new DicomDataset();
        for (DicomElement e : new ArrayList<>(all.elements())) {
            if (Tag.group(e.tag()) == 0x0002) {
                meta.put(all.remove(e.tag()));
            }
        }
        TransferSyntax ts =
                explicit
                        ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
                        : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        return new DicomFile(meta, all, ts, limits);
    }

    private static byte[] inflate(ByteBuffer data, DicomLimits limits) {
        long compressed = data.remaining();
        long maxOut =
                Math.min(
                        limits.maxFileBytes(),
                        Math.max(compressed, 1L) * (long) limits.maxInflateRatio());
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data.duplicate());
            byte[] out = new byte[(int) Math.min(Math.max(compressed * 4, 1024), maxOut + 1)];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (n > maxOut) {
                        break;
                    }
                    out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, maxOut + 1));
                }
                int r = inflater.inflate(out, n, out.length - n);
                n += r;
                if (n > maxOut) {
                    break;
                }
                if (r == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DicomException(
                            Reason.TRUNCATED,
                            "deflated dataset ends before the end of the "
                                    + "deflate stream ("
                                    + n
                                    + " bytes inflated)");
                }
            }
            if (n > maxOut) {
                if (n > limits.maxFileBytes()) {
                    throw DicomLimits.exceeded(
                            "maxFileBytes (inflated dataset)", n, limits.maxFileBytes());
                }
                throw new DicomException(
                        Reason.LIMIT_EXCEEDED,
                        "maxInflateRatio exceeded: deflated dataset of "
                                + compressed
                                + " bytes inflates to more than "
                                + maxOut
                                + " bytes (ratio > "
                                + limits.maxInflateRatio()
                                + ")");
            }
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new DicomException(
                    Reason.MALFORMED, "deflated dataset is not a valid raw deflate stream", e);
        } finally {
            inflater.end();
        }
    }

    /** Element parser over one buffer with one VR encoding and byte order. */
    private static final class Parser {
        private final ByteBuffer buf;
        private final boolean explicit;
        private final DicomLimits limits;
        private final ByteOrder order;

        /** Elements read so far by this parser and the ones it nests (one count per dataset). */
        private final int[] elements;

        Parser(ByteBuffer buf, boolean explicit, DicomLimits limits) {
            this(buf, explicit, limits, new int[1]);
        }

        private Parser(ByteBuffer buf, boolean explicit, DicomLimits limits, int[] elements) {
            this.buf = buf;
            this.explicit = explicit;
            this.limits = limits;
            this.order = buf.order();
            this.elements = elements;
        }

        /** Counts one element or fragment against {@code maxElements} before it is kept. */
        private void countElement() {
            if (++elements[0] > limits.maxElements()) {
                throw DicomLimits.exceeded(
                        "maxElements (elements, items and fragments)",
                        elements[0],
                        limits.maxElements());
            }
        }

        /** Reads elements until {@code end}, or until an item delimiter when {@code end} is -1. */
        void readDataset(DicomDataset into, int end, int depth) {
            while (end == UNDEFINED || buf.position() < end) {
                if (depth == 0 && onlyZerosUntil(end)) {
                    // Zero padding after the top-level dataset (some writers pad files to a block
                    // size): pydicom and dcmtk stop there and so does this reader. A zero tag is
                    // never a valid top-level element, so nothing readable is skipped.
                    buf.position(end);
                    return;
                }
                if (end == UNDEFINED && peekTag() == ITEM_END) {
                    buf.position(buf.position() + 4);
                    need(4, ITEM_END);
                    buf.getInt();
                    return;
                }
                readElement(into, depth);
            }
            if (buf.position() > end) {
                throw new DicomException(
                        Reason.MALFORMED,
                        "element extends "
                                + (buf.position() - end)
                                + " bytes beyond the end of its enclosing item at offset "
                                + end);
            }
        }

        /** True when every byte from the position to {@code end} is zero (at least 4 bytes). */
        private boolean onlyZerosUntil(int end) {
            int p = buf.position();
            if (end - p < 4 || buf.getInt(p) != 0) {
                return false;
            }
            for (int i = p + 4; i < end; i++) {
                if (buf.get(i) != 0) {
                    return false;
                }
            }
            return true;
        }

        private int peekTag() {
            need(4, 0);
            int p = buf.position();
            return ((buf.getShort(p) & 0xFFFF) << 16) | (buf.getShort(p + 2) & 0xFFFF);
        }

        void readElement(DicomDataset into, int depth) {
            countElement();
            int start = buf.position();
            int tag = peekTag();
            buf.position(start + 4);
            if (Tag.group(tag) == 0xFFFE) {
                throw new DicomException(
                        Reason.MALFORMED,
                        "unexpected "
                                + Tag.toString(tag)
                                + " at offset "
                                + start
                                + " outside a sequence");
            }
            VR vr;
            long length;
            if (explicit) {
                need(4, tag);
                int code = ((buf.get() & 0xFF) << 8) | (buf.get() & 0xFF);
                vr = VR.ofCode(code);
                if (vr == null) {
                    throw new DicomException(
                            Reason.MALFORMED,
                            String.format(
                                    "invalid VR bytes 0x%04X for %s at offset %d",
                                    code, Tag.toString(tag), start));
                }
                if (vr.longLength()) {
                    need(6, tag);
                    buf.getShort();
                    length = buf.getInt() & 0xFFFFFFFFL;
                } else {
                    length = buf.getShort() & 0xFFFF;
                }
            } else {
                need(4, tag);
                vr = Tag.implicitVr(tag);
                length = buf.getInt() & 0xFFFFFFFFL;
            }
            boolean undefined = length == 0xFFFFFFFFL;
            if (tag == Tag.PIXEL_DATA && undefined) {
                into.put(readFragments(tag, vr));
                return;
            }
            if (vr == VR.SQ || undefined) {
                if (!undefined) {
                    checkLength(tag, length);
                }
                // PS3.5 6.2.2: UN of undefined length holds an implicit VR little endian sequence
                Parser p =
                        explicit && vr == VR.UN && order == ByteOrder.LITTLE_ENDIAN
                                ? new Parser(buf, false, limits, elements)
                                : this;
                into.put(p.readSequence(tag, undefined ? UNDEFINED : (int) length, depth));
                return;
            }
            checkLength(tag, length);
            int len = (int) length;
            if (vr == VR.UN && !explicit && len >= 8 && peekTag() == ITEM) {
                into.put(readSequence(tag, len, depth));
                return;
            }
            ByteBuffer value = buf.slice().limit(len);
            buf.position(buf.position() + len);
            into.put(DicomElement.of(tag, vr, value, order));
        }

        private DicomElement readSequence(int tag, int length, int depth) {
            if (depth + 1 > limits.maxSequenceDepth()) {
                throw DicomLimits.exceeded(
                        "maxSequenceDepth at " + Tag.toString(tag),
                        depth + 1,
                        limits.maxSequenceDepth());
            }
            int end = length == UNDEFINED ? UNDEFINED : buf.position() + length;
            List<DicomDataset> items = new ArrayList<>();
            while (end == UNDEFINED || buf.position() < end) {
                int itemStart = buf.position();
                int itemTag = peekTag();
                buf.position(itemStart + 4);
                need(4, itemTag);
                long itemLen = buf.getInt() & 0xFFFFFFFFL;
                if (itemTag == SEQ_END) {
                    if (end != UNDEFINED) {
                        throw new DicomException(
                                Reason.MALFORMED,
                                "sequence delimiter in defined-length sequence "
                                        + Tag.toString(tag)
                                        + " at offset "
                                        + itemStart);
                    }
                    return DicomElement.ofSequence(tag, items);
                }
                if (itemTag != ITEM) {
                    throw new DicomException(
                            Reason.MALFORMED,
                            "expected an item in sequence "
                                    + Tag.toString(tag)
                                    + " at offset "
                                    + itemStart
                                    + " but found "
                                    + Tag.toString(itemTag));
                }
                countElement(); // an empty item costs a dataset of its own
                DicomDataset item = new DicomDataset();
                if (itemLen == 0xFFFFFFFFL) {
                    readDataset(item, UNDEFINED, depth + 1);
                } else {
                    checkLength(ITEM, itemLen);
                    readDataset(item, buf.position() + (int) itemLen, depth + 1);
                }
                items.add(item);
            }
            if (buf.position() != end) {
                throw new DicomException(
                        Reason.MALFORMED,
                        "items of sequence " + Tag.toString(tag) + " overrun its defined length");
            }
            return DicomElement.ofSequence(tag, items);
        }

        private DicomElement readFragments(int tag, VR vr) {
            ByteBuffer offsetTable = null;
            List<ByteBuffer> fragments = new ArrayList<>();
            while (true) {
                int start = buf.position();
                int itemTag = peekTag();
                buf.position(start + 4);
                need(4, tag);
                long len = buf.getInt() & 0xFFFFFFFFL;
                if (itemTag == SEQ_END) {
                    break;
                }
                if (itemTag != ITEM) {
                    throw new DicomException(
                            Reason.MALFORMED,
                            "expected a fragment item in encapsulated "
                                    + Tag.toString(tag)
                                    + " at offset "
                                    + start
                                    + " but found "
                                    + Tag.toString(itemTag));
                }
                if (len == 0xFFFFFFFFL) {
                    throw new DicomException(
                            Reason.MALFORMED,
                            "fragment of undefined length in encapsulated "
                                    + Tag.toString(tag)
                                    + " at offset "
                                    + start);
                }
                checkLength(tag, len);
                countElement();
                ByteBuffer value = buf.slice().limit((int) len);
                buf.position(buf.position() + (int) len);
                if (offsetTable == null) {
                    offsetTable = value;
                } else {
                    fragments.add(value);
                }
            }
            if (offsetTable == null) {
                throw new DicomException(
                        Reason.MALFORMED,
                        "encapsulated " + Tag.toString(tag) + " has no basic offset table item");
            }
            return DicomElement.ofFragments(tag, vr == VR.UN ? VR.OB : vr, offsetTable, fragments);
        }

        private void checkLength(int tag, long length) {
            if (length > limits.maxElementLength()) {
                throw DicomLimits.exceeded(
                        "maxElementLength for " + Tag.toString(tag),
                        length,
                        limits.maxElementLength());
            }
            if (length > buf.remaining()) {
                throw new DicomException(
                        Reason.TRUNCATED,
                        Tag.toString(tag)
                                + " at offset "
                                + buf.position()
                                + " declares "
                                + length
                                + " bytes but only "
                                + buf.remaining()
                                + " remain");
            }
        }

        private void need(int n, int tag) {
            if (buf.remaining() < n) {
                throw new DicomException(
                        Reason.TRUNCATED,
                        "input ends at offset "
                                + buf.limit()
                                + " inside the header of "
                                + (tag == 0 ? "an element" : Tag.toString(tag)));
            }
        }
    }
}

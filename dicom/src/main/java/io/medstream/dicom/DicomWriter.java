package io.medstream.dicom;

import io.medstream.dicom.DicomException.Reason;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes DICOM Part 10 files: 128 zero bytes, "DICM", group 0002 (with group length, version, media
 * storage SOP class/instance taken from the dataset's SOP Class/Instance UID, transfer syntax,
 * implementation class UID and version name) and the dataset in explicit VR little endian.
 *
 * <p>The default transfer syntax is Explicit VR Little Endian. Deflated Explicit VR Little Endian
 * and the encapsulated syntaxes (whose Pixel Data must then be fragments, see {@link
 * DicomDataset#putFragments}) are also accepted, since they share the explicit little endian
 * dataset encoding. Group 0002 elements of the dataset are ignored. Sequences and items are written
 * with undefined length and delimiters; values are padded to even length; values read from big
 * endian files are swapped back to little endian.
 */
public final class DicomWriter {

    /** Implementation Class UID written into every file (a UUID-derived 2.25 UID). */
    public static final String IMPLEMENTATION_CLASS_UID =
            "2.25.160243755231357513622317530930145128423";

    public static final String IMPLEMENTATION_VERSION_NAME = "MEDSTREAM_0_1";

    private DicomWriter() {}

    public static byte[] write(DicomDataset dataset) {
        return write(dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
    }

    public static byte[] write(DicomDataset dataset, String transferSyntaxUid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(dataset));
        write(dataset, transferSyntaxUid, out);
        return out.toByteArray();
    }

    public static void write(DicomDataset dataset, Path path) {
        try {
            Files.write(path, write(dataset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a Part 10 file to {@code out} (not closed).
     *
     * @throws DicomException MISSING_ATTRIBUTE without SOP Class/Instance UID,
     *     UNSUPPORTED_TRANSFER_SYNTAX for a big endian or implicit syntax, MALFORMED for a value
     *     too long for its VR
     */
    public static void write(DicomDataset dataset, String transferSyntaxUid, OutputStream out) {
        TransferSyntax ts = TransferSyntax.forUid(transferSyntaxUid);
        if (!ts.explicitVr() || ts.bigEndian() || !TransferSyntax.isKnown(transferSyntaxUid)) {
            throw new DicomException(
                    Reason.UNSUPPORTED_TRANSFER_SYNTAX, "cannot write " + ts.describe());
        }
        String sopClass =
                dataset.findString(Tag.SOP_CLASS_UID)
                        .orElseThrow(
                                () ->
                                        new DicomException(
                                                Reason.MISSING_ATTRIBUTE,
                                                "dataset to write has no "
                                                        + Tag.toString(Tag.SOP_CLASS_UID)));
        String sopInstance =
                dataset.findString(Tag.SOP_INSTANCE_UID)
                        .orElseThrow(
                                () ->
                                        new DicomException(
                                                Reason.MISSING_ATTRIBUTE,
                                                "dataset to write has no "
                                                        + Tag.toString(Tag.SOP_INSTANCE_UID)));
        DicomDataset meta = new DicomDataset();
        meta.putBytes(Tag.FILE_META_INFORMATION_VERSION, VR.OB, new byte[] {0, 1});
        meta.putString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, sopClass);
        meta.putString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, sopInstance);
        meta.putString(Tag.TRANSFER_SYNTAX_UID, VR.UI, ts.uid());
        meta.putString(Tag.IMPLEMENTATION_CLASS_UID, VR.UI, IMPLEMENTATION_CLASS_UID);
        meta.putString(Tag.IMPLEMENTATION_VERSION_NAME, VR.SH, IMPLEMENTATION_VERSION_NAME);
        try {
            ByteArrayOutputStream metaBytes = new ByteArrayOutputStream(256);
            writeDataset(meta, metaBytes, false);
            out.write(new byte[128]);
            out.write("DICM".getBytes(StandardCharsets.US_ASCII));
            writeHeader(out, Tag.FILE_META_INFORMATION_GROUP_LENGTH, VR.UL, 4);
            writeInt(out, metaBytes.size());
            metaBytes.writeTo(out);
            if (ts.deflated()) {
                Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
                DeflaterOutputStream dos =
                        new DeflaterOutputStream(nonClosing(out), deflater, 65536);
                writeDataset(dataset, dos, true);
                dos.finish();
                deflater.end();
            } else {
                writeDataset(dataset, out, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeDataset(DicomDataset ds, OutputStream out, boolean skipMeta)
            throws IOException {
        for (DicomElement e : ds.elements()) {
            if (skipMeta && Tag.group(e.tag()) == 0x0002) {
                continue;
            }
            writeElement(e, out);
        }
    }

    private static void writeElement(DicomElement e, OutputStream out) throws IOException {
        if (e.isSequence()) {
            writeHeader(out, e.tag(), VR.SQ, -1);
            for (DicomDataset item : e.items()) {
                writeItemHeader(out, 0xE000, -1);
                writeDataset(item, out, false);
                writeItemHeader(out, 0xE00D, 0);
            }
            writeItemHeader(out, 0xE0DD, 0);
            return;
        }
        if (e.isEncapsulated()) {
            writeHeader(out, e.tag(), e.vr() == VR.OW ? VR.OW : VR.OB, -1);
            ByteBuffer bot = e.offsetTable();
            writeItemHeader(out, 0xE000, bot.remaining());
            writeBuffer(out, bot);
            for (ByteBuffer f : e.rawFragments()) {
                int len = f.remaining();
                writeItemHeader(out, 0xE000, len + (len & 1));
                writeBuffer(out, f.duplicate());
                if ((len & 1) != 0) {
                    out.write(0);
                }
            }
            writeItemHeader(out, 0xE0DD, 0);
            return;
        }
        VR vr = e.vr();
        ByteBuffer value = e.rawValue();
        int len = value.remaining();
        int padded = len + (len & 1);
        if (!vr.longLength() && padded > 0xFFFF) {
            throw new DicomException(
                    Reason.MALFORMED,
                    Tag.toString(e.tag()) + " value of " + len + " bytes is too long for VR " + vr);
        }
        writeHeader(out, e.tag(), vr, padded);
        if (value.order() == ByteOrder.BIG_ENDIAN && vr.unitSize() > 1) {
            byte[] swapped = new byte[len];
            value.get(swapped);
            int u = vr.unitSize();
            for (int i = 0; i + u <= len; i += u) {
                for (int a = i, b = i + u - 1; a < b; a++, b--) {
                    byte t = swapped[a];
                    swapped[a] = swapped[b];
                    swapped[b] = t;
                }
            }
            out.write(swapped);
        } else {
            writeBuffer(out, value);
        }
        if ((len & 1) != 0) {
            out.write(vr.padding());
        }
    }

    private static void writeBuffer(OutputStream out, ByteBuffer b) throws IOException {
        if (b.hasArray()) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        } else {
            byte[] tmp = new byte[b.remaining()];
            b.get(tmp);
            out.write(tmp);
        }
    }

    private static void writeHeader(OutputStream out, int tag, VR vr, int length)
            throws IOException {
        writeShort(out, tag >>> 16);
        writeShort(out, tag & 0xFFFF);
        String n = vr.name();
        out.write(n.charAt(0));
        out.write(n.charAt(1));
        if (vr.longLength()) {
            writeShort(out, 0);
            writeInt(out, length);
        } else {
            writeShort(out, length);
        }
    }

    private static void writeItemHeader(OutputStream out, int element, int length)
            throws IOException {
        writeShort(out, 0xFFFE);
        writeShort(out, element);
        writeInt(out, length);
    }

    private static void writeShort(OutputStream out, int v) throws IOException {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        writeShort(out, v & 0xFFFF);
        writeShort(out, v >>> 16);
    }

    private static int estimate(DicomDataset ds) {
        long size = 1024;
        for (DicomElement e : ds.elements()) {
            size += 12 + e.length();
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}

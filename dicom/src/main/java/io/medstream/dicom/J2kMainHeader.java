package io.medstream.dicom;

import io.medstream.dicom.DicomException.Reason;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The parts of a JPEG 2000 codestream's main header (ITU-T T.800 Annex A) that decide how much a
 * decoder allocates: the image and tile grid of SIZ and the coding style of COD. The third-party
 * decoder sizes its buffers from these fields before it reads any packet, so {@link #check} holds
 * them against the DICOM header (and the standard's ranges) before the codestream is handed over.
 *
 * @param width Xsiz − XOsiz
 * @param height Ysiz − YOsiz
 * @param components Csiz
 * @param maxDepth largest component precision in bits ((Ssiz &amp; 0x7F) + 1)
 * @param tiles number of tiles of the tile grid over the image
 * @param tileWidth XTsiz
 * @param tileHeight YTsiz
 * @param decompositionLevels COD's number of wavelet decomposition levels
 * @param layers COD's number of quality layers
 */
public record J2kMainHeader(
        long width,
        long height,
        int components,
        int maxDepth,
        long tiles,
        long tileWidth,
        long tileHeight,
        int decompositionLevels,
        int layers) {

    /** The standard's largest tile index (Isot) is 65534; real DICOM encoders use one tile. */
    static final long MAX_TILES = 4096;

    private static final int SOC = 0xFF4F;
    private static final int SIZ = 0xFF51;
    private static final int COD = 0xFF52;
    private static final int SOT = 0xFF90;
    private static final int SOD = 0xFF93;
    private static final int PPM = 0xFF60;
    private static final int PPT = 0xFF61;
    private static final int SOP_LOW = 0x91;
    private static final int EPH_LOW = 0x92;
    private static final int EOC_LOW = 0xD9;
    private static final String PACKED_HEADERS =
            "uses packed packet headers (PPM or PPT), which are not decoded: the decoder cannot"
                    + " bound its reads of them";
    private static final int JP2_SIGNATURE = 0x6A502020; // "jP  "
    private static final int JP2C = 0x6A703263; // "jp2c"

    /**
     * Parses SIZ and COD from the start of a codestream. PS3.5 A.4.4 forbids the JP2 file wrapper
     * in encapsulated pixel data, but some writers (GDCM 2.1 among them) put one there and readers
     * accept it, so the codestream box ({@code jp2c}) of a JP2 file is parsed the same way.
     *
     * @throws DicomException PIXEL_DECODE when the main header is missing, truncated or out of the
     *     standard's ranges
     */
    public static J2kMainHeader parse(ByteBuffer codestream) {
        ByteBuffer b = codestream.slice().order(ByteOrder.BIG_ENDIAN);
        try {
            if (b.remaining() >= 12 && b.getInt(0) == 12 && b.getInt(4) == JP2_SIGNATURE) {
                b = jp2Codestream(b);
            }
            if ((b.getShort() & 0xFFFF) != SOC || (b.getShort() & 0xFFFF) != SIZ) {
                throw bad("does not start with SOC and SIZ");
            }
            int lsiz = b.getShort() & 0xFFFF;
            b.getShort(); // Rsiz: capabilities
            long xsiz = u32(b);
            long ysiz = u32(b);
            long xo = u32(b);
            long yo = u32(b);
            long xt = u32(b);
            long yt = u32(b);
            long xto = u32(b);
            long yto = u32(b);
            int csiz = b.getShort() & 0xFFFF;
            if (csiz < 1 || csiz > 16384 || lsiz != 38 + 3 * csiz) {
                throw bad("SIZ declares " + csiz + " components in a segment of " + lsiz);
            }
            int depth = 0;
            for (int c = 0; c < csiz; c++) {
                int ssiz = b.get() & 0xFF;
                int xr = b.get() & 0xFF;
                int yr = b.get() & 0xFF;
                if (xr == 0 || yr == 0) {
                    throw bad("component " + c + " has a zero subsampling factor");
                }
                depth = Math.max(depth, (ssiz & 0x7F) + 1);
            }
            // T.800 A.5.1: the tile grid must cover the image origin and tiles must be non-empty
            if (xsiz <= xo || ysiz <= yo || xt == 0 || yt == 0 || xto > xo || yto > yo) {
                throw bad(
                        String.format(
                                "SIZ grid is inconsistent (Xsiz %d, Ysiz %d, XOsiz %d, YOsiz %d,"
                                        + " XTsiz %d, YTsiz %d, XTOsiz %d, YTOsiz %d)",
                                xsiz, ysiz, xo, yo, xt, yt, xto, yto));
            }
            if (xt + xto <= xo || yt + yto <= yo) {
                throw bad("the first tile does not reach the image area");
            }
            long tiles = ceilDiv(xsiz - xto, xt) * ceilDiv(ysiz - yto, yt);
            int levels = -1;
            int layers = -1;
            while (b.remaining() >= 4) {
                int marker = b.getShort() & 0xFFFF;
                if (marker == SOT) {
                    b.position(b.position() - 2);
                    checkTileParts(b, tiles);
                    break;
                }
                if (marker == PPM) {
                    throw bad(PACKED_HEADERS);
                }
                int len = b.getShort() & 0xFFFF;
                if (len < 2 || len - 2 > b.remaining()) {
                    throw bad(String.format("marker %04X has length %d", marker, len));
                }
                int next = b.position() + len - 2;
                if (marker == COD) {
                    if (len < 12) {
                        throw bad("COD segment of " + len + " bytes");
                    }
                    b.get(); // Scod
                    b.get(); // progression order
                    layers = b.getShort() & 0xFFFF;
                    b.get(); // multiple component transform
                    levels = b.get() & 0xFF;
                    int xcb = b.get() & 0xFF;
                    int ycb = b.get() & 0xFF;
                    // T.800 A.6.1: levels ≤ 32; code-block exponents ≤ 8 each and xcb + ycb ≤ 8
                    if (layers == 0 || levels > 32 || xcb > 8 || ycb > 8 || xcb + ycb > 8) {
                        throw bad(
                                String.format(
                                        "COD is out of range (layers %d, levels %d, code-block"
                                                + " exponents %d and %d)",
                                        layers, levels, xcb, ycb));
                    }
                }
                b.position(next);
            }
            if (levels < 0) {
                throw bad("has no COD segment in its main header");
            }
            return new J2kMainHeader(
                    xsiz - xo, ysiz - yo, csiz, depth, tiles, xt, yt, levels, layers);
        } catch (BufferUnderflowException e) {
            throw bad("main header is truncated");
        }
    }

    /**
     * Holds the header against the dataset's geometry before any decoder allocates from it.
     *
     * @throws DicomException PIXEL_DECODE when size, components, precision or tile grid disagree
     */
    public void check(int rows, int columns, int samplesPerPixel, int bitsAllocated) {
        if (width != columns || height != rows) {
            throw bad(
                    "declares "
                            + width
                            + "x"
                            + height
                            + " but the dataset declares "
                            + columns
                            + "x"
                            + rows);
        }
        if (components != samplesPerPixel) {
            throw bad(
                    "has "
                            + components
                            + " components but Samples per Pixel is "
                            + samplesPerPixel);
        }
        if (maxDepth > bitsAllocated) {
            throw bad("has " + maxDepth + "-bit components but Bits Allocated is " + bitsAllocated);
        }
        if (tiles > MAX_TILES) {
            throw bad("has " + tiles + " tiles; at most " + MAX_TILES + " are decoded");
        }
        // a tile larger than the image makes the decoder allocate the tile, not the image
        if (tileWidth > 2 * (long) columns || tileHeight > 2 * (long) rows) {
            throw bad(
                    "has tiles of "
                            + tileWidth
                            + "x"
                            + tileHeight
                            + " over an image of "
                            + columns
                            + "x"
                            + rows);
        }
    }

    /**
     * Walks the tile-parts from the first SOT and checks what jj2000 trusts without bounds. Its
     * packet-header bit reader, after a 0xFF byte, takes the next byte as stuffed without reading
     * again, so a body holding 0xFF 0xFF makes it return 1-bits forever without touching its stream
     * (no deadline can reach it), and packed packet headers (PPM, PPT) are read from a memory copy
     * that answers -1 forever at its end. T.800 forbids both in a conforming codestream: within a
     * tile-part body a 0xFF is never followed by a byte above 0x8F (bit stuffing in packet headers,
     * the MQ coder's own rule in code-block data) except in the SOP and EPH markers.
     */
    private static void checkTileParts(ByteBuffer b, long tiles) {
        int limit = b.limit();
        int pos = b.position();
        while (limit - pos >= 12 && (b.getShort(pos) & 0xFFFF) == SOT) {
            int isot = b.getShort(pos + 4) & 0xFFFF;
            long psot = b.getInt(pos + 6) & 0xFFFFFFFFL;
            int tpsot = b.get(pos + 10) & 0xFF;
            int tnsot = b.get(pos + 11) & 0xFF;
            // T.800 A.4.2: the tile index is in the grid. TPsot < TNsot is not held: GDCM
            // writes TNsot one below the tile-parts it writes (pydicom's GDCMJ2K_TextGBR.dcm),
            // and OpenJPEG and jj2000 decode such files
            if (isot >= tiles) {
                throw bad(
                        String.format(
                                "has a tile-part %d of %d for tile %d of %d at offset %d",
                                tpsot, tnsot, isot, tiles, pos));
            }
            int end = psot == 0 ? limit : (int) Math.min(limit, pos + psot);
            int p = pos + 12; // SOT: marker, Lsot 10, Isot, Psot, TPsot, TNsot
            while (true) { // the tile-part header's marker segments, up to SOD
                if (end - p < 2) {
                    return; // truncated: jj2000 reads past the end through the deadline stream
                }
                int marker = b.getShort(p) & 0xFFFF;
                if (marker == SOD) {
                    p += 2;
                    break;
                }
                if (marker == PPT) {
                    throw bad(PACKED_HEADERS);
                }
                if (end - p < 4) {
                    return;
                }
                p += 2 + (b.getShort(p + 2) & 0xFFFF);
            }
            // the byte after a body's last byte is the next marker's 0xFF, so a body that ends
            // in 0xFF reads as FF FF (T.800 stuffs a 0x00 after a final 0xFF of a packet header,
            // and the MQ coder never emits a final 0xFF)
            for (int i = p; i < end; i++) {
                if (b.get(i) == (byte) 0xFF) {
                    if (i + 1 == end) {
                        if (end == limit) {
                            break; // the codestream ends without EOC; jj2000 meets its end
                        }
                        throw bad(
                                String.format(
                                        "tile-part body ends in FF at offset %d, which T.800"
                                                + " forbids",
                                        i));
                    }
                    int next = b.get(i + 1) & 0xFF;
                    if (next > 0x8F && next != SOP_LOW && next != EPH_LOW) {
                        if (psot == 0 && next == EOC_LOW && i + 2 == limit) {
                            return; // the codestream's end
                        }
                        throw bad(
                                String.format(
                                        "holds the bytes FF %02X at offset %d inside a tile-part"
                                                + " body, which T.800 forbids",
                                        next, i));
                    }
                }
            }
            if (psot == 0 || end >= limit) {
                return;
            }
            pos = end;
        }
    }

    /** The content of the JP2 file's contiguous codestream box (ISO/IEC 15444-1 Annex I). */
    private static ByteBuffer jp2Codestream(ByteBuffer file) {
        int pos = 0;
        while (file.limit() - pos >= 8) {
            long length = file.getInt(pos) & 0xFFFFFFFFL;
            int type = file.getInt(pos + 4);
            int header = 8;
            if (length == 1) { // XLBox: a 64-bit length follows the type
                if (file.limit() - pos < 16) {
                    break;
                }
                length = file.getLong(pos + 8);
                header = 16;
            } else if (length == 0) { // the box runs to the end of the file
                length = file.limit() - pos;
            }
            if (length < header || length > file.limit() - pos) {
                throw bad("JP2 box at offset " + pos + " has length " + length);
            }
            if (type == JP2C) {
                return file.slice(pos + header, (int) length - header).order(ByteOrder.BIG_ENDIAN);
            }
            pos += (int) length;
        }
        throw bad("is a JP2 file without a codestream box");
    }

    private static long u32(ByteBuffer b) {
        return b.getInt() & 0xFFFFFFFFL;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static DicomException bad(String what) {
        return new DicomException(Reason.PIXEL_DECODE, "JPEG 2000 codestream " + what);
    }
}

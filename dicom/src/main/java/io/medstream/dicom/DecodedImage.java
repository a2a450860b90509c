package io.medstream.dicom;

import io.medstream.dicom.DicomException.Reason;

import java.awt.image.Raster;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pixel data of a {@link DicomFile} with its geometry, decoding one frame at a time on request.
 *
 * <p>Construction validates the image pixel module and the limits and locates every frame (native
 * offset or the fragments of an encapsulated frame) without decoding anything. {@link #frame(int)}
 * decodes one frame to modality values (stored values after Bits Stored masking, sign extension and
 * Rescale Slope/Intercept), row-major, samples interleaved for colour images. Colour JPEG frames
 * are returned as RGB, and {@link #photometric()} then reports RGB. Frames are not cached;
 * instances are immutable and thread-safe.
 */
public final class DecodedImage {

    private final DicomFile file;
    private final TransferSyntax ts;
    private final DicomElement pixelData;
    private final int rows;
    private final int columns;
    private final int frames;
    private final int samplesPerPixel;
    private final String photometric;
    private final int planarConfiguration;
    private final int bitsAllocated;
    private final int bitsStored;
    private final int pixelRepresentation;
    private final double rescaleSlope;
    private final double rescaleIntercept;
    private final int frameSamples;
    private final long frameBytes;
    private final List<int[]> fragmentRanges;

    private DecodedImage(DicomFile file) {
        this.file = file;
        this.ts = file.transferSyntax();
        DicomDataset ds = file.dataset();
        DicomLimits limits = file.limits();
        pixelData = ds.element(Tag.PIXEL_DATA);
        if (pixelData == null) {
            throw new DicomException(
                    Reason.MISSING_ATTRIBUTE, "dataset has no " + Tag.toString(Tag.PIXEL_DATA));
        }
        rows = required(ds, Tag.ROWS);
        columns = required(ds, Tag.COLUMNS);
        bitsAllocated = required(ds, Tag.BITS_ALLOCATED);
        samplesPerPixel = ds.getInt(Tag.SAMPLES_PER_PIXEL, 1);
        bitsStored = ds.getInt(Tag.BITS_STORED, bitsAllocated);
        pixelRepresentation = ds.getInt(Tag.PIXEL_REPRESENTATION, 0);
        planarConfiguration = ds.getInt(Tag.PLANAR_CONFIGURATION, 0);
        frames = ds.getInt(Tag.NUMBER_OF_FRAMES, 1);
        String pi =
                ds.getString(
                                Tag.PHOTOMETRIC_INTERPRETATION,
                                samplesPerPixel == 1 ? "MONOCHROME2" : "RGB")
                        .toUpperCase(Locale.ROOT);
        photometric = ts.codec() == TransferSyntax.Codec.JPEG && samplesPerPixel == 3 ? "RGB" : pi;
        if (rows <= 0 || columns <= 0) {
            throw new DicomException(
                    Reason.MALFORMED,
                    "image has "
                            + rows
                            + " rows and "
                            + columns
                            + " columns; both must be positive");
        }
        if (bitsAllocated != 1
                && bitsAllocated != 8
                && bitsAllocated != 16
                && bitsAllocated != 32) {
            throw new DicomException(
                    Reason.MALFORMED, "Bits Allocated " + bitsAllocated + " is not 1, 8, 16 or 32");
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new DicomException(
                    Reason.MALFORMED,
                    "Bits Stored " + bitsStored + " is outside 1.." + bitsAllocated);
        }
        if (samplesPerPixel != 1 && samplesPerPixel != 3) {
            throw new DicomException(
                    Reason.MALFORMED, "Samples per Pixel " + samplesPerPixel + " is not 1 or 3");
        }
        if (pixelRepresentation != 0 && pixelRepresentation != 1) {
            throw new DicomException(
                    Reason.MALFORMED,
                    "Pixel Representation " + pixelRepresentation + " is not 0 or 1");
        }
        if (frames < 1) {
            throw new DicomException(
                    Reason.MALFORMED, "Number of Frames " + frames + " is not positive");
        }
        if (frames > limits.maxFrames()) {
            throw DicomLimits.exceeded("maxFrames", frames, limits.maxFrames());
        }
        long samples = (long) rows * columns * samplesPerPixel;
        long bytes = bitsAllocated == 1 ? (samples + 7) / 8 : samples * (bitsAllocated / 8);
        if (samples * Float.BYTES > limits.maxFrameBytes() || samples > Integer.MAX_VALUE - 16) {
            throw DicomLimits.exceeded(
                    "maxFrameBytes (one decoded frame of "
                            + rows
                            + "x"
                            + columns
                            + "x"
                            + samplesPerPixel
                            + " floats)",
                    samples * Float.BYTES,
                    limits.maxFrameBytes());
        }
        long total = bitsAllocated == 1 ? (samples * frames + 7) / 8 : bytes * frames;
        if (total > limits.maxDecodedPixelBytes()) {
            throw DicomLimits.exceeded(
                    "maxDecodedPixelBytes ("
                            + frames
                            + " frames of "
                            + rows
                            + "x"
                            + columns
                            + "x"
                            + samplesPerPixel
                            + " at "
                            + bitsAllocated
                            + " bits)",
                    total,
                    limits.maxDecodedPixelBytes());
        }
        frameSamples = (int) samples;
        frameBytes = bytes;
        rescaleSlope = rescale(ds, Tag.RESCALE_SLOPE, 1.0);
        rescaleIntercept = rescale(ds, Tag.RESCALE_INTERCEPT, 0.0);
        if (!ts.pixelDecodingSupported()) {
            throw new DicomException(
                    Reason.UNSUPPORTED_TRANSFER_SYNTAX,
                    "pixel data in transfer syntax "
                            + ts.describe()
                            + " cannot be decoded (supported: native, RLE Lossless, JPEG baseline/"
                            + "extended/lossless, JPEG 2000)");
        }
        if (ts.encapsulated()) {
            if (!pixelData.isEncapsulated()) {
                throw new DicomException(
                        Reason.MALFORMED,
                        "transfer syntax "
                                + ts.describe()
                                + " requires encapsulated pixel data but it has a defined length");
            }
            fragmentRanges = locateFrames();
        } else {
            if (pixelData.isEncapsulated() || pixelData.isSequence()) {
                throw new DicomException(
                        Reason.MALFORMED,
                        "pixel data is encapsulated but transfer syntax "
                                + ts.describe()
                                + " is native");
            }
            if (pixelData.length() < total) {
                throw new DicomException(
                        Reason.MALFORMED,
                        "Pixel Data has "
                                + pixelData.length()
                                + " bytes but "
                                + total
                                + " are needed for "
                                + frames
                                + " frames of "
                                + rows
                                + "x"
                                + columns
                                + "x"
                                + samplesPerPixel
                                + " at "
                                + bitsAllocated
                                + " bits");
            }
            fragmentRanges = null;
        }
    }

    /** Validates the pixel module of {@code file} and locates its frames. */
    public static DecodedImage of(DicomFile file) {
        try {
            return new DecodedImage(file);
        } catch (DicomException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DicomException(
                    Reason.MALFORMED,
                    "invalid image pixel module: " + e.getClass().getSimpleName(),
                    e);
        }
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public int frames() {
        return frames;
    }

    public int samplesPerPixel() {
        return samplesPerPixel;
    }

    /**
     * Photometric Interpretation of the decoded frames (RGB for colour JPEG, which ImageIO
     * converts).
     */
    public String photometric() {
        return photometric;
    }

    public int planarConfiguration() {
        return planarConfiguration;
    }

    public int bitsAllocated() {
        return bitsAllocated;
    }

    public int bitsStored() {
        return bitsStored;
    }

    public int pixelRepresentation() {
        return pixelRepresentation;
    }

    public double rescaleSlope() {
        return rescaleSlope;
    }

    public double rescaleIntercept() {
        return rescaleIntercept;
    }

    public TransferSyntax transferSyntax() {
        return ts;
    }

    /** True for MONOCHROME1, where low values are displayed bright. */
    public boolean isMonochrome1() {
        return "MONOCHROME1".equals(photometric);
    }

    /** Number of values of one frame: rows x columns x samples per pixel. */
    public int frameLength() {
        return frameSamples;
    }

    /**
     * Decodes frame {@code index} to modality values (no MONOCHROME1 inversion).
     *
     * @throws IndexOutOfBoundsException when index is not in [0, frames)
     * @throws DicomException PIXEL_DECODE when the compressed frame is corrupt
     */
    public float[] frame(int index) {
        if (index < 0 || index >= frames) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + frames);
        }
        try {
            return decodeFrame(index);
        } catch (DicomException e) {
            throw e;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) { // a codec's own Error subclasses included
            throw new DicomException(
                    Reason.PIXEL_DECODE,
                    "frame "
                            + index
                            + " of "
                            + ts.describe()
                            + " cannot be decoded: "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    private float[] decodeFrame(int index) {
        // allocated once the codec has produced the frame, so a frame that fails costs no float
        // buffer
        float[] out;
        boolean signed = pixelRepresentation == 1;
        switch (ts.codec()) {
            case NATIVE -> {
                ByteBuffer src = pixelData.rawValue();
                if (src.order() == ByteOrder.BIG_ENDIAN
                        && bitsAllocated == 8
                        && pixelData.vr() == VR.OW) {
                    src = swapWords(src);
                }
                long offset = bitsAllocated == 1 ? (long) index * frameSamples : index * frameBytes;
                out = new float[frameSamples];
                NativePixels.convert(
                        src,
                        offset,
                        frameSamples,
                        samplesPerPixel,
                        planarConfiguration == 1,
                        bitsAllocated,
                        bitsStored,
                        signed,
                        rescaleSlope,
                        rescaleIntercept,
                        out);
            }
            case RLE -> {
                byte[] decoded =
                        RleDecoder.decode(
                                frameData(index), rows, columns, samplesPerPixel, bitsAllocated);
                out = new float[frameSamples];
                NativePixels.convert(
                        ByteBuffer.wrap(decoded).order(ByteOrder.LITTLE_ENDIAN),
                        0,
                        frameSamples,
                        samplesPerPixel,
                        false,
                        bitsAllocated,
                        bitsStored,
                        signed,
                        rescaleSlope,
                        rescaleIntercept,
                        out);
            }
            case JPEG, JPEG2000 -> {
                ByteBuffer data = frameData(index);
                if (!data.hasArray()) {
                    data = ByteBuffer.allocate(data.remaining()).put(data).flip();
                }
                Raster raster =
                        ImageIoFrameDecoder.decode(
                                data.array(),
                                data.arrayOffset() + data.position(),
                                data.remaining(),
                                ts,
                                this,
                                file.limits().maxFrameDecodeMillis());
                if (raster.getWidth() != columns
                        || raster.getHeight() != rows
                        || raster.getNumBands() != samplesPerPixel) {
                    throw new DicomException(
                            Reason.PIXEL_DECODE,
                            "frame "
                                    + index
                                    + " decodes to "
                                    + raster.getWidth()
                                    + "x"
                                    + raster.getHeight()
                                    + "x"
                                    + raster.getNumBands()
                                    + " but the dataset declares "
                                    + columns
                                    + "x"
                                    + rows
                                    + "x"
                                    + samplesPerPixel);
                }
                int[] raw =
                        raster.getPixels(
                                raster.getMinX(), raster.getMinY(), columns, rows, (int[]) null);
                out = new float[frameSamples];
                NativePixels.convert(
                        raw, frameSamples, bitsStored, signed, rescaleSlope, rescaleIntercept, out);
            }
            default ->
                    throw new DicomException(
                            Reason.UNSUPPORTED_TRANSFER_SYNTAX, "cannot decode " + ts.describe());
        }
        return out;
    }

    /**
     * Frame {@code index} oriented for display: for MONOCHROME1 each value v becomes min + max - v,
     * where min and max are the modality values of the smallest and largest storable value;
     * otherwise as {@link #frame}.
     */
    public float[] displayFrame(int index) {
        float[] f = frame(index);
        if (isMonochrome1()) {
            double lo = pixelRepresentation == 1 ? -(1L << (bitsStored - 1)) : 0;
            double hi =
                    pixelRepresentation == 1
                            ? (1L << (bitsStored - 1)) - 1
                            : (1L << bitsStored) - 1;
            double a = lo * rescaleSlope + rescaleIntercept;
            double b = hi * rescaleSlope + rescaleIntercept;
            float sum = (float) (a + b);
            for (int i = 0; i < f.length; i++) {
                f[i] = sum - f[i];
            }
        }
        return f;
    }

    /**
     * The compressed bytes of an encapsulated frame (a view when it is a single fragment, else a
     * copy).
     */
    ByteBuffer frameData(int index) {
        int[] range = fragmentRanges.get(index);
        List<ByteBuffer> fragments = pixelData.rawFragments();
        if (range[1] - range[0] == 1) {
            return fragments.get(range[0]).duplicate();
        }
        long size = 0;
        for (int i = range[0]; i < range[1]; i++) {
            size += fragments.get(i).remaining();
        }
        if (size > file.limits().maxElementLength()) {
            throw DicomLimits.exceeded(
                    "maxElementLength (frame " + index + " fragments)",
                    size,
                    file.limits().maxElementLength());
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        for (int i = range[0]; i < range[1]; i++) {
            out.put(fragments.get(i).duplicate());
        }
        return out.flip();
    }

    private List<int[]> locateFrames() {
        List<ByteBuffer> fragments = pixelData.rawFragments();
        int n = fragments.size();
        if (n == 0) {
            throw new DicomException(Reason.MALFORMED, "encapsulated pixel data has no fragments");
        }
        List<int[]> ranges = new ArrayList<>(frames);
        long[] offsets = frameOffsets();
        if (offsets != null) {
            long[] itemOffsets = new long[n + 1];
            for (int i = 0; i < n; i++) {
                itemOffsets[i + 1] = itemOffsets[i] + 8 + fragments.get(i).remaining();
            }
            int frag = 0;
            for (int f = 0; f < frames; f++) {
                long offset = offsets[f];
                long next = f + 1 < frames ? offsets[f + 1] : itemOffsets[n];
                int first = indexOf(itemOffsets, offset);
                int last = indexOf(itemOffsets, next);
                if (first < 0 || last < 0 || last <= first || first < frag) {
                    throw new DicomException(
                            Reason.PIXEL_DECODE,
                            "offset table entry "
                                    + f
                                    + " ("
                                    + offset
                                    + ", next "
                                    + next
                                    + ") does not point at fragment boundaries in frame order");
                }
                ranges.add(new int[] {first, last});
                frag = last;
            }
            return ranges;
        }
        if (frames == 1) {
            ranges.add(new int[] {0, n});
            return ranges;
        }
        if (n == frames) {
            for (int i = 0; i < n; i++) {
                ranges.add(new int[] {i, i + 1});
            }
            return ranges;
        }
        int start = 0;
        for (int i = 1; i < n; i++) {
            if (startsFrame(fragments.get(i))) {
                ranges.add(new int[] {start, i});
                start = i;
            }
        }
        ranges.add(new int[] {start, n});
        if (ranges.size() != frames) {
            throw new DicomException(
                    Reason.PIXEL_DECODE,
                    "cannot map "
                            + n
                            + " fragments without offset table to "
                            + frames
                            + " frames (found "
                            + ranges.size()
                            + " frame start markers)");
        }
        return ranges;
    }

    /**
     * Frame offsets relative to the first fragment item: from the Extended Offset Table when it has
     * one entry per frame, else from the basic offset table when it has one entry per frame, else
     * {@code null}.
     */
    private long[] frameOffsets() {
        DicomElement eot = file.dataset().element(Tag.EXTENDED_OFFSET_TABLE);
        if (eot != null
                && !eot.isSequence()
                && !eot.isEncapsulated()
                && eot.length() == 8L * frames) {
            ByteBuffer b = eot.rawValue();
            long[] out = new long[frames];
            for (int f = 0; f < frames; f++) {
                out[f] = b.getLong(8 * f);
            }
            return out;
        }
        ByteBuffer bot = pixelData.offsetTable();
        if (bot.remaining() >= 4 && bot.remaining() / 4 == frames) {
            long[] out = new long[frames];
            for (int f = 0; f < frames; f++) {
                out[f] = bot.getInt(4 * f) & 0xFFFFFFFFL;
            }
            return out;
        }
        return null;
    }

    private static int indexOf(long[] offsets, long value) {
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsFrame(ByteBuffer f) {
        if (f.remaining() < 2) {
            return false;
        }
        int a = f.get(f.position()) & 0xFF;
        int b = f.get(f.position() + 1) & 0xFF;
        if (a == 0xFF && (b == 0xD8 || b == 0x4F)) {
            return true;
        }
        return f.remaining() >= 8
                && f.getInt(f.position()) == 12
                && f.get(f.position() + 4) == 'j'
                && f.get(f.position() + 5) == 'P';
    }

    private static ByteBuffer swapWords(ByteBuffer src) {
        byte[] b = new byte[src.remaining()];
        src.duplicate().get(b);
        for (int i = 0; i + 1 < b.length; i += 2) {
            byte t = b[i];
            b[i] = b[i + 1];
            b[i + 1] = t;
        }
        return ByteBuffer.wrap(b);
    }

    private static int required(DicomDataset ds, int tag) {
        return ds.findInt(tag)
                .orElseThrow(
                        () ->
                                new DicomException(
                                        Reason.MISSING_ATTRIBUTE,
                                        "image has no " + Tag.toString(tag)));
    }

    private static double rescale(DicomDataset ds, int tag, double defaultValue) {
        var direct = ds.findDouble(tag);
        if (direct.isPresent()) {
            return direct.get();
        }
        for (DicomDataset shared : ds.getSequence(Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE)) {
            for (DicomDataset pvt : shared.getSequence(Tag.PIXEL_VALUE_TRANSFORMATION_SEQUENCE)) {
                var nested = pvt.findDouble(tag);
                if (nested.isPresent()) {
                    return nested.get();
                }
            }
        }
        return defaultValue;
    }
}

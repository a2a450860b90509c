package io.medstream.dicom;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transfer syntax: how the dataset is encoded (VR explicitness, byte order, deflate) and how
 * pixel data is encoded ({@link Codec}). Every UID that is not implicit VR little endian or
 * explicit VR big endian is read as explicit VR little endian, as PS3.5 requires, so unknown UIDs
 * can still be parsed; only decoding their pixels fails.
 *
 * @param uid the transfer syntax UID
 * @param name the standard name, or "unknown transfer syntax"
 * @param explicitVr true unless implicit VR little endian
 * @param bigEndian true only for the retired explicit VR big endian
 * @param deflated true when the dataset after the meta group is raw-deflated
 * @param codec how pixel data is encoded
 */
public record TransferSyntax(
        String uid,
        String name,
        boolean explicitVr,
        boolean bigEndian,
        boolean deflated,
        Codec codec) {

    /** Pixel data encodings. */
    public enum Codec {
        NATIVE,
        RLE,
        JPEG,
        JPEG2000,
        /**
         * Known encapsulated encoding without a decoder here (JPEG-LS, HTJ2K, MPEG, ...), or an
         * unknown UID.
         */
        UNSUPPORTED;

        public boolean encapsulated() {
            return this != NATIVE;
        }
    }

    private static final Map<String, TransferSyntax> KNOWN = new LinkedHashMap<>();

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
            add(
                    "1.2.840.10008.1.2",
                    "Implicit VR Little Endian",
                    false,
                    false,
                    false,
                    Codec.NATIVE);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
            add(
                    "1.2.840.10008.1.2.1",
                    "Explicit VR Little Endian",
                    true,
                    false,
                    false,
                    Codec.NATIVE);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
            add(
                    "1.2.840.10008.1.2.1.99",
                    "Deflated Explicit VR Little Endian",
                    true,
                    false,
                    true,
                    Codec.NATIVE);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
            add(
                    "1.2.840.10008.1.2.2",
                    "Explicit VR Big Endian (retired)",
                    true,
                    true,
                    false,
                    Codec.NATIVE);
    public static final TransferSyntax RLE_LOSSLESS =
            enc("1.2.840.10008.1.2.5", "RLE Lossless", Codec.RLE);
    public static final TransferSyntax JPEG_BASELINE =
            enc("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", Codec.JPEG);
    public static final TransferSyntax JPEG_EXTENDED =
            enc("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", Codec.JPEG);
    public static final TransferSyntax JPEG_LOSSLESS =
            enc(
                    "1.2.840.10008.1.2.4.57",
                    "JPEG Lossless, Non-Hierarchical (Process 14)",
                    Codec.JPEG);
    public static final TransferSyntax JPEG_LOSSLESS_SV1 =
            enc(
                    "1.2.840.10008.1.2.4.70",
                    "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])",
                    Codec.JPEG);
    public static final TransferSyntax JPEG_LS_LOSSLESS =
            enc("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", Codec.UNSUPPORTED);
    public static final TransferSyntax JPEG_LS_NEAR_LOSSLESS =
            enc(
                    "1.2.840.10008.1.2.4.81",
                    "JPEG-LS Lossy (Near-Lossless) Image Compression",
                    Codec.UNSUPPORTED);
    public static final TransferSyntax JPEG_2000_LOSSLESS =
            enc(
                    "1.2.840.10008.1.2.4.90",
                    "JPEG 2000 Image Compression (Lossless Only)",
                    Codec.JPEG2000);
    public static final TransferSyntax JPEG_2000 =
            enc("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", Codec.JPEG2000);

    static {
        enc(
                "1.2.840.10008.1.2.4.92",
                "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)",
                Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.93",
                "JPEG 2000 Part 2 Multi-component Image Compression",
                Codec.UNSUPPORTED);
        enc("1.2.840.10008.1.2.4.94", "JPIP Referenced", Codec.UNSUPPORTED);
        enc("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", Codec.UNSUPPORTED);
        enc("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", Codec.UNSUPPORTED);
        enc("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.102",
                "MPEG-4 AVC/H.264 High Profile / Level 4.1",
                Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.103",
                "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1",
                Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.104",
                "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video",
                Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.105",
                "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video",
                Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.106",
                "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2",
                Codec.UNSUPPORTED);
        enc("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", Codec.UNSUPPORTED);
        enc("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", Codec.UNSUPPORTED);
        enc("1.2.840.10008.1.2.4.110", "JPEG XL Lossless", Codec.UNSUPPORTED);
        enc("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression", Codec.UNSUPPORTED);
        enc("1.2.840.10008.1.2.4.112", "JPEG XL", Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.201",
                "High-Throughput JPEG 2000 Image Compression (Lossless Only)",
                Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.202",
                "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)",
                Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.203",
                "High-Throughput JPEG 2000 Image Compression",
                Codec.UNSUPPORTED);
        enc("1.2.840.10008.1.2.4.52", "JPEG Extended (Process 3 & 5) (retired)", Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.53",
                "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (retired)",
                Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.55",
                "JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (retired)",
                Codec.UNSUPPORTED);
        enc(
                "1.2.840.10008.1.2.4.58",
                "JPEG Lossless, Non-Hierarchical (Process 15) (retired)",
                Codec.UNSUPPORTED);
        enc("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", Codec.UNSUPPORTED);
    }

    private static TransferSyntax add(
            String uid, String name, boolean explicit, boolean big, boolean deflated, Codec codec) {
        TransferSyntax ts = new TransferSyntax(uid, name, explicit, big, deflated, codec);
        KNOWN.put(uid, ts);
        return ts;
    }

    private static TransferSyntax enc(String uid, String name, Codec codec) {
        return add(uid, name, true, false, false, codec);
    }

    /** True when the UID is listed here (supported or not). */
    public static boolean isKnown(String uid) {
        return KNOWN.containsKey(uid);
    }

    /**
     * The transfer syntax with this UID; an unknown UID gives an explicit VR little endian syntax
     * named "unknown transfer syntax" whose pixel data cannot be decoded.
     */
    public static TransferSyntax forUid(String uid) {
        TransferSyntax ts = KNOWN.get(uid);
        return ts != null
                ? ts
                : new TransferSyntax(
                        uid, "unknown transfer syntax", true, false, false, Codec.UNSUPPORTED);
    }

    /** True when pixel data is encapsulated in fragments. */
    public boolean encapsulated() {
        return codec.encapsulated();
    }

    /** True when this codec can decode the pixel data. */
    public boolean pixelDecodingSupported() {
        return codec != Codec.UNSUPPORTED;
    }

    /** {@code "<uid> (<name>)"}, the form used in error messages. */
    public String describe() {
        return uid + " (" + name + ")";
    }
}

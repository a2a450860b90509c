package io.medstream.dicom;

/**
 * DICOM value representations with the properties the codec needs: whether explicit VR encoding
 * uses a 4-byte length, the padding byte, whether the value is text, and the unit size for byte
 * swapping.
 */
public enum VR {
    AE(false, ' ', true, 1),
    AS(false, ' ', true, 1),
    AT(false, 0, false, 2),
    CS(false, ' ', true, 1),
    DA(false, ' ', true, 1),
    DS(false, ' ', true, 1),
    DT(false, ' ', true, 1),
    FD(false, 0, false, 8),
    FL(false, 0, false, 4),
    IS(false, ' ', true, 1),
    LO(false, ' ', true, 1),
    LT(false, ' ', true, 1),
    OB(true, 0, false, 1),
    OD(true, 0, false, 8),
    OF(true, 0, false, 4),
    OL(true, 0, false, 4),
    OV(true, 0, false, 8),
    OW(true, 0, false, 2),
    PN(false, ' ', true, 1),
    SH(false, ' ', true, 1),
    SL(false, 0, false, 4),
    SQ(true, 0, false, 1),
    SS(false, 0, false, 2),
    ST(false, ' ', true, 1),
    SV(true, 0, false, 8),
    TM(false, ' ', true, 1),
    UC(true, ' ', true, 1),
    UI(false, 0, true, 1),
    UL(false, 0, false, 4),
    UN(true, 0, false, 1),
    UR(true, ' ', true, 1),
    US(false, 0, false, 2),
    UT(true, ' ', true, 1),
    UV(true, 0, false, 8);

    private static final VR[] BY_CODE = new VR[1 << 16];

    static {
        for (VR vr : values()) {
            BY_CODE[vr.code()] = vr;
        }
    }

    private final boolean longLength;
    private final byte padding;
    private final boolean text;
    private final int unitSize;

    VR(boolean longLength, int padding, boolean text, int unitSize) {
        this.longLength = longLength;
        this.padding = (byte) padding;
        this.text = text;
        this.unitSize = unitSize;
    }

    /** True when explicit VR encoding has 2 reserved bytes and a 32-bit length. */
    public boolean longLength() {
        return longLength;
    }

    /** Byte appended to reach an even length. */
    public byte padding() {
        return padding;
    }

    /** True for character string VRs. */
    public boolean isText() {
        return text;
    }

    /**
     * Size of the unit whose bytes are swapped between little and big endian (1 = never swapped).
     */
    public int unitSize() {
        return unitSize;
    }

    /**
     * The two ASCII characters as a big-endian 16-bit code, as they appear in explicit VR
     * encodings.
     */
    public int code() {
        String n = name();
        return (n.charAt(0) << 8) | n.charAt(1);
    }

    /**
     * The VR with the given two-character code, or {@code null} if the bytes are not a known VR.
     */
    public static VR ofCode(int code) {
        return code < 0 || code >= BY_CODE.length ? null : BY_CODE[code];
    }
}

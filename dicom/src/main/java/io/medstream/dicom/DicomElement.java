package io.medstream.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One data element. It holds exactly one of: a plain value (bytes in {@link #order()}), a sequence
 * of item datasets ({@link VR#SQ}), or encapsulated pixel data (a basic offset table and
 * fragments).
 *
 * <p>Values read from a file are views of the file's bytes, not copies. Sequence items are mutable
 * datasets; plain values are never modified by the codec.
 */
public final class DicomElement {

    private final int tag;
    private final VR vr;
    private final ByteBuffer value;
    private final ByteOrder order;
    private final List<DicomDataset> items;
    private final ByteBuffer offsetTable;
    private final List<ByteBuffer> fragments;

    private DicomElement(
            int tag,
            VR vr,
            ByteBuffer value,
            ByteOrder order,
            List<DicomDataset> items,
            ByteBuffer offsetTable,
            List<ByteBuffer> fragments) {
        this.tag = tag;
        this.vr = vr;
        this.value = value;
        this.order = order;
        this.items = items;
        this.offsetTable = offsetTable;
        this.fragments = fragments;
    }

    /** A plain value; {@code value} is used from its position to its limit without copying. */
    public static DicomElement of(int tag, VR vr, ByteBuffer value, ByteOrder order) {
        if (vr == VR.SQ) {
            throw new IllegalArgumentException("use ofSequence for SQ elements");
        }
        return new DicomElement(tag, vr, value.slice(), order, null, null, null);
    }

    /** A little endian plain value backed by {@code value} (not copied). */
    public static DicomElement of(int tag, VR vr, byte[] value) {
        return of(tag, vr, ByteBuffer.wrap(value), ByteOrder.LITTLE_ENDIAN);
    }

    /** A sequence; the list is copied, the item datasets are not. */
    public static DicomElement ofSequence(int tag, List<DicomDataset> items) {
        return new DicomElement(
                tag, VR.SQ, null, ByteOrder.LITTLE_ENDIAN, new ArrayList<>(items), null, null);
    }

    /**
     * Encapsulated pixel data: basic offset table (possibly empty) and fragments, little endian.
     */
    public static DicomElement ofFragments(
            int tag, VR vr, ByteBuffer offsetTable, List<ByteBuffer> fragments) {
        List<ByteBuffer> copy = new ArrayList<>(fragments.size());
        for (ByteBuffer f : fragments) {
            copy.add(f.slice());
        }
        return new DicomElement(
                tag,
                vr,
                null,
                ByteOrder.LITTLE_ENDIAN,
                null,
                offsetTable.slice(),
                Collections.unmodifiableList(copy));
    }

    public int tag() {
        return tag;
    }

    public VR vr() {
        return vr;
    }

    /** Byte order of the value bytes (that of the transfer syntax it was read with). */
    public ByteOrder order() {
        return order;
    }

    public boolean isSequence() {
        return items != null;
    }

    public boolean isEncapsulated() {
        return fragments != null;
    }

    /** Value length in bytes; 0 for sequences and encapsulated data. */
    public int length() {
        return value == null ? 0 : value.remaining();
    }

    /**
     * A read-only view of the value, positioned at 0, in {@link #order()}; empty for
     * sequences/fragments.
     */
    public ByteBuffer value() {
        return value == null
                ? ByteBuffer.allocate(0).asReadOnlyBuffer()
                : value.asReadOnlyBuffer().order(order);
    }

    /** A writable-backed view for package-internal fast paths; callers must not modify it. */
    ByteBuffer rawValue() {
        return value == null ? ByteBuffer.allocate(0) : value.duplicate().order(order);
    }

    /** A copy of the value bytes, as stored (in {@link #order()}). */
    public byte[] bytes() {
        if (value == null) {
            return new byte[0];
        }
        byte[] out = new byte[value.remaining()];
        value.duplicate().get(out);
        return out;
    }

    /** Sequence items (mutable list); empty list for non-sequences. */
    public List<DicomDataset> items() {
        return items == null ? List.of() : items;
    }

    /** The basic offset table bytes (little endian), empty when absent or not encapsulated. */
    public ByteBuffer offsetTable() {
        return offsetTable == null
                ? ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN)
                : offsetTable.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Encapsulated fragments (read-only views), empty when not encapsulated. */
    public List<ByteBuffer> fragments() {
        if (fragments == null) {
            return List.of();
        }
        List<ByteBuffer> out = new ArrayList<>(fragments.size());
        for (ByteBuffer f : fragments) {
            out.add(f.asReadOnlyBuffer());
        }
        return out;
    }

    List<ByteBuffer> rawFragments() {
        return fragments == null ? List.of() : fragments;
    }

    @Override
    public String toString() {
        String what =
                isSequence()
                        ? items.size() + " items"
                        : isEncapsulated() ? fragments.size() + " fragments" : length() + " bytes";
        return Tag.toString(tag) + " " + vr + " " + what;
    }
}

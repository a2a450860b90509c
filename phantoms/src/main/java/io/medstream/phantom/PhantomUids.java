package io.medstream.phantom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic DICOM UIDs under the UUID-derived root {@code 2.25} (PS3.5 §B.2): a name-based
 * (version 3) UUID of {@code "medstream-phantom:<kind>:<seed>:<series>:<slice>"}, written as the
 * unsigned decimal of its 128 bits. At most 44 characters, so always within DICOM's 64-character
 * UID limit.
 */
final class PhantomUids {

    private PhantomUids() {}

    static String uid(String kind, long seed, long seriesIndex, int sliceIndex) {
        String name =
                "medstream-phantom:" + kind + ":" + seed + ":" + seriesIndex + ":" + sliceIndex;
        UUID u = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        byte[] b =
                ByteBuffer.allocate(16)
                        .putLong(u.getMostSignificantBits())
                        .putLong(u.getLeastSignificantBits())
                        .array();
        return "2.25." + new BigInteger(1, b);
    }
}

package io.medstream.embedded;

import io.medstream.schemas.ScanEvent;

/**
 * One scan to stream in: a display name (never a patient identifier), the Part 10 bytes and the key
 * to use (the series UID, so the instances of a series stay in order). With {@code declared} the
 * scan is sent as that {@link ScanEvent} (prompts, expected instance count; the DICOM inline) to
 * the events topic, otherwise as raw DICOM to the DICOM topic.
 */
public record ScanInput(String name, byte[] dicom, String key, ScanEvent declared) {
    public ScanInput(String name, byte[] dicom, String key) {
        this(name, dicom, key, null);
    }
}

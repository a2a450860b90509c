package io.medstream.jobs.demo;

/**
 * One scan to stream into {@code scans.dicom}: a display name (never a patient identifier), the Part 10 bytes and the
 * key to use (the series UID, so the instances of a series stay in order).
 */
public record ScanInput(String name, byte[] dicom, String key) {}

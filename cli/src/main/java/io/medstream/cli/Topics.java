package io.medstream.cli;

/** Default topic names (each configurable through {@code medstream.topics.*}). */
final class Topics {
    private Topics() {}

    static final String DICOM = "scans.dicom";
    static final String EVENTS = "scans.events";
    static final String READY = "scans.ready";
    static final String DLQ = "scans.dlq";
    static final String[] ALL = {
        DICOM,
        EVENTS,
        READY,
        DLQ,
        "scans.masks",
        "scans.reports",
        "scans.reports.fhir",
        "csr.preferences",
        "models.control"
    };
}

package io.medstream.operators.fhir;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;

import io.medstream.schemas.StudyReport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Writes each {@link StudyReport} to one topic as a FHIR R4 DiagnosticReport in JSON (for consumers
 * that speak FHIR rather than Avro): key = series UID (UTF-8), so drafts of one series stay in
 * order on one partition and a compacted topic keeps the latest; value = the report's {@code
 * fhirDiagnosticReport} as the draft stage rendered it with {@link DiagnosticReports#toJson}
 * (UTF-8); header {@code content-type: application/fhir+json}.
 *
 * <p>Holds only the topic name: the FHIR context is the lazy static of {@link DiagnosticReports},
 * so the serializer stays small and Java-serializable for Flink.
 */
public class FhirReportSerializer implements KafkaRecordSerializationSchema<StudyReport> {
    private static final long serialVersionUID = 1L;

    /** Header name of the MIME type of the value. */
    public static final String CONTENT_TYPE_HEADER = "content-type";

    private final String topic;

    public FhirReportSerializer(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            StudyReport report, KafkaSinkContext context, Long timestamp) {
        byte[] key = report.getSeriesInstanceUid().getBytes(StandardCharsets.UTF_8);
        // The draft stage renders the FHIR form once and carries it on the report; render here
        // only for a report that arrives without it (one written by an older job version).
        CharSequence fhir = report.getFhirDiagnosticReport();
        String json = fhir != null ? fhir.toString() : DiagnosticReports.toJson(report);
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        List<Header> headers =
                List.of(
                        new RecordHeader(
                                CONTENT_TYPE_HEADER,
                                MedstreamFhir.FHIR_JSON.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, null, timestamp, key, value, headers);
    }
}

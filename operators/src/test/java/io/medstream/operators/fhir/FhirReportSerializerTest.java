package io.medstream.operators.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class FhirReportSerializerTest {

    @Test
    void writesKeyValueAndContentTypeHeader() {
        ProducerRecord<byte[], byte[]> rec =
                new FhirReportSerializer("scans.reports.fhir")
                        .serialize(StudyReportFixtures.full(), null, 42L);
        assertThat(rec.topic()).isEqualTo("scans.reports.fhir");
        assertThat(rec.partition()).isNull();
        assertThat(rec.timestamp()).isEqualTo(42L);
        assertThat(new String(rec.key(), StandardCharsets.UTF_8))
                .isEqualTo(StudyReportFixtures.SERIES_UID);
        assertThat(new String(rec.value(), StandardCharsets.UTF_8))
                .isEqualTo(DiagnosticReports.toJson(StudyReportFixtures.full()))
                .contains(StudyReportFixtures.SENTENCE_2); // UTF-8 on the wire, non-ASCII intact
        Header[] contentType = rec.headers().toArray();
        assertThat(contentType).hasSize(1);
        assertThat(contentType[0].key()).isEqualTo("content-type");
        assertThat(new String(contentType[0].value(), StandardCharsets.UTF_8))
                .isEqualTo("application/fhir+json");
    }

    @Test
    void sendsTheFhirFormTheDraftStageRenderedVerbatim() {
        var report = StudyReportFixtures.full();
        String rendered = "{\"resourceType\":\"DiagnosticReport\",\"id\":\"rendered-once\"}";
        report.setFhirDiagnosticReport(rendered);
        ProducerRecord<byte[], byte[]> rec =
                new FhirReportSerializer("t").serialize(report, null, null);
        assertThat(new String(rec.value(), StandardCharsets.UTF_8)).isEqualTo(rendered);
    }

    @Test
    void isSerializableAndHoldsNoFhirContext() throws Exception {
        assertThat(
                        Arrays.stream(FhirReportSerializer.class.getDeclaredFields())
                                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                                .map(Field::getType))
                .doesNotContain(FhirContext.class)
                .containsOnly(String.class);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new FhirReportSerializer("t"));
        }
        FhirReportSerializer copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (FhirReportSerializer) in.readObject();
        }
        assertThat(bytes.size()).isLessThan(512);
        ProducerRecord<byte[], byte[]> rec =
                copy.serialize(StudyReportFixtures.minimal(), null, null);
        assertThat(rec.topic()).isEqualTo("t");
        assertThat(rec.value())
                .isEqualTo(
                        DiagnosticReports.toJson(StudyReportFixtures.minimal())
                                .getBytes(StandardCharsets.UTF_8));
    }
}

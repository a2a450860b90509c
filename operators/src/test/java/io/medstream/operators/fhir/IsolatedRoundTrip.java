package io.medstream.operators.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.DiagnosticReport;

import java.util.function.Supplier;

/**
 * The whole FHIR path (map, encode, parse, re-encode, reject bad JSON), run by {@link
 * DiagnosticReportsClasspathTest} inside a class loader that refuses the excluded libraries.
 * Returns the JSON; throws if anything disagrees.
 */
public final class IsolatedRoundTrip implements Supplier<String> {
    @Override
    public String get() {
        String json = DiagnosticReports.toJson(StudyReportFixtures.full());
        IParser parser = DiagnosticReports.fhirContext().newJsonParser();
        DiagnosticReport back = parser.parseResource(DiagnosticReport.class, json);
        if (!parser.encodeResourceToString(back).equals(json)
                || back.getPresentedFormFirstRep().getData().length == 0) {
            throw new IllegalStateException("round trip differs");
        }
        try {
            parser.parseResource(DiagnosticReport.class, "{\"resourceType\":\"DiagnosticReport\",");
            throw new IllegalStateException("truncated JSON accepted");
        } catch (DataFormatException expected) {
            // the error path (HAPI's localised messages) must not need the excluded libraries
            // either
        }
        return json;
    }
}

package io.medstream.operators.fhir;

import com.fasterxml.jackson.core.json.PackageVersion;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the dependency trimming of hapi-fhir-structures-r4 in the root pom: the FHIR path runs in
 * a class loader that refuses every package the exclusions removed, and it runs on the Jackson the
 * BOM pins, not HAPI's 2.20.
 */
class DiagnosticReportsClasspathTest {

    /** Packages of the excluded artifacts (Jena + its RDF stack, Saxon + xmlresolver, ICU, JCL). */
    static final List<String> REFUSED =
            List.of(
                    "org.apache.jena.",
                    "org.apache.thrift.",
                    "com.google.protobuf.",
                    "com.apicatalog.",
                    "net.sf.saxon.",
                    "org.xmlresolver.",
                    "com.ibm.icu.",
                    "org.apache.commons.logging.");

    /**
     * Loads the test class path itself (no delegation to the application loader) but refuses the
     * packages above by name, so artifacts that other tests bring (icu4j via flink-table-common)
     * cannot mask a missing one.
     */
    private static final class RefusingLoader extends URLClassLoader {
        RefusingLoader(URL[] urls) {
            super("fhir-refusing", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (REFUSED.stream().anyMatch(name::startsWith)) {
                throw new ClassNotFoundException("refused (excluded dependency): " + name);
            }
            return super.loadClass(name, resolve);
        }
    }

    private static URL[] testClassPath() {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        assertThat(entries).as("surefire must expose the real class path").hasSizeGreaterThan(10);
        return Arrays.stream(entries)
                .map(
                        e -> {
                            try {
                                return new File(e).toURI().toURL();
                            } catch (MalformedURLException ex) {
                                throw new IllegalArgumentException(e, ex);
                            }
                        })
                .toArray(URL[]::new);
    }

    @Test
    void roundTripNeedsNoExcludedLibrary() throws Exception {
        try (RefusingLoader loader = new RefusingLoader(testClassPath())) {
            Class<?> c = Class.forName(IsolatedRoundTrip.class.getName(), true, loader);
            assertThat(c.getClassLoader())
                    .isSameAs(loader); // really isolated, not delegated to the app loader
            @SuppressWarnings("unchecked")
            Supplier<String> roundTrip =
                    (Supplier<String>) c.getDeclaredConstructor().newInstance();
            assertThat(roundTrip.get())
                    .isEqualTo(DiagnosticReports.toJson(StudyReportFixtures.full()));
            // The refusal is real: icu4j 67.1 is on the test class path (flink-table-common), yet
            // not loadable here.
            assertThat(loader.getResource("com/ibm/icu/text/PluralRules.class")).isNotNull();
            assertThat(loadable(loader, "com.ibm.icu.text.PluralRules")).isFalse();
            assertThat(loadable(loader, "org.apache.jena.riot.Lang")).isFalse();
        }
    }

    private static boolean loadable(ClassLoader l, String name) {
        try {
            Class.forName(name, false, l);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void hapiJsonRunsOnBomPinnedJackson() {
        // HAPI 8.6.1 is built against Jackson 2.20; the jackson-bom keeps 2.18.2 for Flink, Avro
        // and Kafka.
        assertThat(PackageVersion.VERSION.toString()).isEqualTo("2.18.2");
        assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
                .isEqualTo("2.18.2");
        // HAPI's JSON parser is the Jackson one (not Gson), so the round trip below exercises
        // exactly that.
        assertThat(DiagnosticReports.fhirContext().newJsonParser().getClass().getName())
                .isEqualTo("ca.uhn.fhir.parser.JsonParser");
        String json = DiagnosticReports.toJson(StudyReportFixtures.full());
        assertThat(
                        DiagnosticReports.fhirContext()
                                .newJsonParser()
                                .encodeResourceToString(
                                        DiagnosticReports.fhirContext()
                                                .newJsonParser()
                                                .parseResource(json)))
                .isEqualTo(json);
    }
}

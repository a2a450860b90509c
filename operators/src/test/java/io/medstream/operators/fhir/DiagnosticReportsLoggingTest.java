package io.medstream.operators.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HAPI is built against slf4j 2 while Flink runs on the slf4j 1.7 API with log4j's 1.x binding. The
 * root pom pins slf4j-api 1.7.36; these tests prove the binding is still log4j and that HAPI's own
 * lines arrive there.
 */
class DiagnosticReportsLoggingTest {

    /** Keeps every event it is given. */
    private static final class Capture extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Capture() {
            super("fhir-capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent e) {
            lines.add(e.getLoggerName() + " " + e.getMessage().getFormattedMessage());
        }
    }

    @Test
    void slf4jIsBoundToLog4jOnThe17Api() throws Exception {
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName())
                .isEqualTo("org.apache.logging.slf4j.Log4jLoggerFactory");
        assertThat(
                        LoggerFactory.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toString())
                .contains("slf4j-api-1.7.36");
        // The slf4j 2 provider SPI must not be there: with it, the 1.x binding would be ignored
        // (no-op logging).
        assertThatThrownBy(() -> Class.forName("org.slf4j.spi.SLF4JServiceProvider"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void hapiAndOperatorLogLinesReachLog4j() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        Capture capture = new Capture();
        capture.start();
        cfg.addAppender(capture);
        for (String name : List.of("ca.uhn.fhir", DiagnosticReportsLoggingTest.class.getName())) {
            LoggerConfig lc = new LoggerConfig(name, Level.INFO, false);
            lc.addAppender(capture, Level.INFO, null);
            cfg.addLogger(name, lc);
        }
        ctx.updateLoggers();
        try {
            LoggerFactory.getLogger(DiagnosticReportsLoggingTest.class)
                    .info("operators line via slf4j");
            FhirContext.forR4(); // a fresh context (not the shared one) logs its creation at INFO
        } finally {
            cfg.removeLogger("ca.uhn.fhir");
            cfg.removeLogger(DiagnosticReportsLoggingTest.class.getName());
            ctx.updateLoggers();
            capture.stop();
        }
        assertThat(capture.lines)
                .contains(
                        DiagnosticReportsLoggingTest.class.getName() + " operators line via slf4j");
        assertThat(capture.lines)
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .startsWith("ca.uhn.fhir.context.FhirContext")
                                        .contains(
                                                "Creating new FHIR context for FHIR version [R4]"));
    }
}

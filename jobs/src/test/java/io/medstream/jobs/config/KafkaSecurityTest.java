package io.medstream.jobs.config;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSecurityTest {

    private static Configuration base() {
        Configuration conf = new Configuration();
        conf.set(MedstreamOptions.PSEUDONYM_SECRET, "s");
        return conf;
    }

    @Test
    void plaintextIsTheDefaultAndAddsNoClientProperties() {
        KafkaSecurity k = MedstreamSettings.fromConfiguration(base()).kafkaSecurity();
        assertThat(k.protocol()).isEqualTo("PLAINTEXT");
        assertThat(k.clientProperties()).isEmpty();
    }

    @Test
    void saslSslGivesTheScramLoginAndTruststoreToEveryClient() {
        Configuration conf = base();
        conf.set(MedstreamOptions.KAFKA_SECURITY_PROTOCOL, "SASL_SSL");
        conf.set(MedstreamOptions.KAFKA_SASL_USERNAME, "job");
        conf.set(MedstreamOptions.KAFKA_SASL_PASSWORD, "pa\"ss");
        conf.set(MedstreamOptions.KAFKA_TRUSTSTORE_LOCATION, "/etc/medstream/trust.p12");
        conf.set(MedstreamOptions.KAFKA_TRUSTSTORE_PASSWORD, "tp");
        MedstreamSettings s = MedstreamSettings.fromConfiguration(conf);
        assertThat(s.kafkaSecurity().clientProperties())
                .isEqualTo(
                        Map.of(
                                "security.protocol",
                                "SASL_SSL",
                                "sasl.mechanism",
                                "SCRAM-SHA-512",
                                "sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                        + " username=\"job\" password=\"pa\\\"ss\";",
                                "ssl.truststore.location",
                                "/etc/medstream/trust.p12",
                                "ssl.truststore.type",
                                "PKCS12",
                                "ssl.truststore.password",
                                "tp"));
        // never printed: neither by the settings nor, for these keys, by Flink's config logging
        assertThat(s.toString()).doesNotContain("pa\"ss").doesNotContain("tp\"");
        assertThat(s.kafkaSecurity().toString()).contains("user=job").doesNotContain("pa\"ss");
        assertThat(GlobalConfiguration.isSensitive(MedstreamOptions.KAFKA_SASL_PASSWORD.key()))
                .isTrue();
        assertThat(
                        GlobalConfiguration.isSensitive(
                                MedstreamOptions.KAFKA_TRUSTSTORE_PASSWORD.key()))
                .isTrue();
    }

    @Test
    void saslWithoutCredentialsOrAnUnknownProtocolIsAStartupError() {
        Configuration conf = base();
        conf.set(MedstreamOptions.KAFKA_SECURITY_PROTOCOL, "SASL_SSL");
        assertThatThrownBy(() -> MedstreamSettings.fromConfiguration(conf))
                .hasMessageContaining("medstream.kafka.sasl.username");
        conf.set(MedstreamOptions.KAFKA_SECURITY_PROTOCOL, "TLS");
        assertThatThrownBy(() -> MedstreamSettings.fromConfiguration(conf))
                .hasMessageContaining("medstream.kafka.security.protocol");
        conf.set(MedstreamOptions.KAFKA_SECURITY_PROTOCOL, "SASL_SSL");
        conf.set(MedstreamOptions.KAFKA_SASL_USERNAME, "job");
        conf.set(MedstreamOptions.KAFKA_SASL_PASSWORD, "p");
        conf.set(MedstreamOptions.KAFKA_SASL_MECHANISM, "PLAIN");
        assertThatThrownBy(() -> MedstreamSettings.fromConfiguration(conf))
                .hasMessageContaining("medstream.kafka.sasl.mechanism");
    }
}

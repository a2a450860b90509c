package io.medstream.embedded.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates medstream's topics when they do not exist yet (idempotent). */
public final class KafkaTopics {
    private KafkaTopics() {}

    public static void ensure(
            String bootstrapServers,
            Collection<String> topics,
            int partitions,
            Map<String, String> configs) {
        ensure(bootstrapServers, Map.of(), topics, partitions, configs);
    }

    /** As above, with the client properties a secured broker needs. */
    public static void ensure(
            String bootstrapServers,
            Map<String, Object> clientProperties,
            Collection<String> topics,
            int partitions,
            Map<String, String> configs) {
        ensure(bootstrapServers, clientProperties, topics, partitions, (short) 1, configs);
    }

    /**
     * As above, each topic with {@code replicas} copies (a multi-broker cluster; pair 3 with {@code
     * min.insync.replicas=2} in {@code configs}).
     */
    public static void ensure(
            String bootstrapServers,
            Map<String, Object> clientProperties,
            Collection<String> topics,
            int partitions,
            short replicas,
            Map<String, String> configs) {
        Map<String, Object> conf = new HashMap<>(clientProperties);
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(conf)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, partitions, replicas).configs(configs));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create topics " + topics + ": " + e.getCause().getMessage(), e);
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot create topics " + topics + ": " + e.getMessage(), e);
        }
    }

    /** Topic configs that let a topic carry whole DICOM files. */
    public static Map<String, String> largeMessages() {
        return Map.of("max.message.bytes", Integer.toString(KafkaBrokerProcess.MAX_MESSAGE_BYTES));
    }
}

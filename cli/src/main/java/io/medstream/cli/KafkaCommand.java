package io.medstream.cli;

import io.medstream.embedded.kafka.KafkaBrokerProcess;
import io.medstream.embedded.kafka.KafkaTopics;
import io.medstream.jobs.config.Topic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./medstream kafka}: a local single-node KRaft broker for manual use, stopped with Ctrl-C.
 */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description =
                "Start a local Kafka 4.2 broker (KRaft, separate JVM) with medstream's topics; Ctrl-C stops it.")
public final class KafkaCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            description = "Client port (default: a free port).",
            defaultValue = "0")
    int port;

    @Option(names = "--dir", description = "Data directory (default: a new temporary directory).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path data = dir != null ? dir : Files.createTempDirectory("medstream-kafka-");
        System.out.println("Starting Kafka broker in " + data + " ...");
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(data, port, Duration.ofSeconds(90));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    broker.close();
                                    stopped.countDown();
                                },
                                "kafka-stop"));
        KafkaTopics.ensure(
                broker.bootstrapServers(), Topic.defaultNames(), 2, KafkaTopics.largeMessages());
        System.out.println("Kafka broker ready: bootstrap.servers=" + broker.bootstrapServers());
        System.out.println("Topics: " + String.join(", ", Topic.defaultNames()));
        System.out.println("Broker log: " + data.resolve("broker.log") + "   (Ctrl-C to stop)");
        while (broker.isAlive()) {
            Thread.sleep(500);
        }
        System.err.println("Kafka broker exited; see " + data.resolve("broker.log"));
        return 1;
    }
}

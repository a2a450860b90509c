package io.medstream.jobs.pipeline;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import io.medstream.jobs.config.ConfigLoader;
import io.medstream.jobs.config.MedstreamSettings;
import io.medstream.schemas.DeadLetter;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The medstream job with Kafka in and out. {@link #main} is the entry point for {@code flink run};
 * the CLI's {@code run} and {@code demo} commands call {@link #execute} with their own
 * configuration.
 */
public final class MedstreamJob {
    private MedstreamJob() {}

    public static final String JOB_NAME = "medstream";

    public static void main(String[] args) throws Exception {
        Configuration conf =
                ConfigLoader.load(
                        args.length > 0 ? Path.of(args[0]) : null,
                        Arrays.asList(args).subList(Math.min(1, args.length), args.length));
        execute(
                StreamExecutionEnvironment.getExecutionEnvironment(conf),
                MedstreamSettings.fromConfiguration(conf));
    }

    /**
     * Builds the Kafka-backed graph on {@code env} and runs it (blocking until a bounded job ends).
     */
    public static JobExecutionResult execute(StreamExecutionEnvironment env, MedstreamSettings s)
            throws Exception {
        build(env, s);
        return env.execute(JOB_NAME);
    }

    /**
     * Configures {@code env} and adds the Kafka-backed graph to it; does not run it. The dead
     * letters of every stage go through one exactly-once sink to the DLQ topic.
     */
    public static IngestionPipeline.Streams build(
            StreamExecutionEnvironment env, MedstreamSettings s) {
        configure(env, s);
        IngestionPipeline.Streams streams =
                IngestionPipeline.builder()
                        .source(KafkaIo.scanSource(s))
                        .readySink(KafkaIo.readySink(s))
                        .settings(s.ingest())
                        .errorStrategy(s.errors().ingest())
                        .parallelism(s.parallelism())
                        .build()
                        .build(env);
        DataStream<DeadLetter> dead = streams.deadLetters();
        if (s.pipeline().enabled()) {
            dead =
                    dead.union(
                            ModelPipeline.build(env, streams.ready(), s, KafkaIo.modelIo(s))
                                    .deadLetters());
        }
        dead.sinkTo(KafkaIo.deadLetterSink(s))
                .uid("dlq-sink")
                .name("dead-letter sink")
                .setParallelism(s.parallelism());
        return streams;
    }

    /**
     * Checkpointing is what makes the Kafka sinks exactly-once: output is committed at each
     * checkpoint.
     */
    public static void configure(StreamExecutionEnvironment env, MedstreamSettings s) {
        env.enableCheckpointing(s.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        // Under backpressure (slow model stages) an aligned barrier would wait behind every
        // buffered record; an unaligned one overtakes them and stores them in the checkpoint.
        env.getCheckpointConfig().enableUnalignedCheckpoints(s.unalignedCheckpoints());
        env.setParallelism(s.parallelism());
        // Chained operators hand records over by reference instead of deep-copying them (a
        // ScanEvent can carry
        // 512 KiB inline). Safe because no medstream function keeps or mutates a record after
        // emitting it.
        env.getConfig().enableObjectReuse();
    }
}

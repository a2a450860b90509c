package io.medstream.cli.sam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medstream.models.samunet.SamUnetVariant;
import io.medstream.training.samunet.bench.Bf16Probe;
import io.medstream.training.samunet.bench.SamUnetBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./medstream bench sam --variant vit_b_r34 --batch 1,4 --json FILE}: encoder ms/image and
 * GFLOP/s, the engine's fp32 matmul GFLOP/s and the ratio, decoder ms per box, per-block split,
 * peak RSS; then bf16 on the tiny model in a child JVM (speed and Dice change). Register under
 * {@code bench}.
 */
@Command(
        name = "sam",
        mixinStandardHelpOptions = true,
        description = "SAM-UNet encoder/decoder benchmark.")
public final class BenchSamCommand implements Callable<Integer> {

    @Option(
            names = "--variant",
            defaultValue = "vit_b_r34",
            description = "Variant (default: ${DEFAULT-VALUE}).")
    String variant;

    @Option(
            names = "--batch",
            defaultValue = "1,4",
            split = ",",
            description = "Encoder batch sizes (default: ${DEFAULT-VALUE}).")
    int[] batches;

    @Option(
            names = "--reps",
            defaultValue = "2",
            description = "Timed runs per size after one warm-up (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(
            names = "--boxes",
            defaultValue = "16",
            description = "Prompts per decoder call (default: ${DEFAULT-VALUE}).")
    int boxes;

    @Option(
            names = "--bf16-model",
            defaultValue = "shipped",
            description =
                    "Model folder for the bf16 probe, or 'shipped' (default: ${DEFAULT-VALUE}); 'none' skips it.")
    String bf16Model;

    @Option(
            names = "--bf16-count",
            defaultValue = "20",
            description = "Phantoms for the bf16 Dice (default: ${DEFAULT-VALUE}).")
    int bf16Count;

    @Option(names = "--json", required = true, description = "Output JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("date", Instant.now().toString());
        out.put("batches", Arrays.toString(batches));
        out.putAll(SamUnetBenchmark.run(SamUnetVariant.fromName(variant), batches, reps, boxes, 0));
        if (!"none".equals(bf16Model)) {
            out.put("bf16", bf16Child());
        }
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(json.toFile(), out);
        System.out.println(new ObjectMapper().writeValueAsString(out));
        return 0;
    }

    /** Runs {@link Bf16Probe} in a child JVM; a crash there is reported, not propagated. */
    private Map<String, Object> bf16Child() throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-Dai.djl.offline=true",
                                "-cp",
                                System.getProperty("java.class.path"),
                                Bf16Probe.class.getName(),
                                bf16Model,
                                String.valueOf(bf16Count),
                                "7"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<Object> lines = new ArrayList<>();
        StringBuilder tail = new StringBuilder();
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("{\"stage\"")) {
                    lines.add(mapper.readValue(line, Map.class));
                } else if (!line.contains("WARN")) {
                    tail.append(line).append('\n');
                    if (tail.length() > 2000) {
                        tail.delete(0, tail.length() - 2000);
                    }
                }
            }
        }
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("exitCode", done ? p.exitValue() : null);
        res.put("results", lines);
        if (!done || p.exitValue() != 0) {
            res.put("outputTail", tail.toString());
        }
        return res;
    }
}

package io.medstream.jobs.config;

import org.apache.flink.configuration.Configuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a Flink {@link Configuration} from a YAML file (nested or dotted keys, Flink's own keys
 * allowed too) plus {@code key=value} flags, which win over the file.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    public static Configuration load(Path yaml, List<String> overrides) throws IOException {
        Map<String, String> flat = new LinkedHashMap<>();
        if (yaml != null) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
            if (root != null && !root.isMissingNode() && !root.isNull()) {
                if (!root.isObject()) {
                    throw new IOException(
                            yaml + ": the top level must be a mapping of keys to values");
                }
                flatten("", root, flat);
            }
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + o + "'");
            }
            flat.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
        }
        return Configuration.fromMap(flat);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(
                        prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                        e.getValue(),
                        out);
            }
        } else if (node.isArray()) {
            // Flink lists are ';'-separated strings.
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : node) {
                if (sb.length() > 0) {
                    sb.append(';');
                }
                sb.append(item.asText());
            }
            out.put(prefix, sb.toString());
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }
}
